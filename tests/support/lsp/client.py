"""A pytest-lsp client that records what the server sends, and helpers to drive `backlint serve`."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from .server import SERVER_COMMAND, WAIT_SECONDS, server_env

PROFILES = {
    "vscode": "visual-studio-code@v1.65.2",  # push diagnostics, UTF-16, codeAction/resolve
    "neovim": "neovim@v0.11.0",  # pull diagnostics, UTF-8 preferred
}


def capabilities(profile: str, encodings: list[str] | None = None) -> types.ClientCapabilities:
    caps = client_capabilities(PROFILES[profile])
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return caps


class Recorder:
    """Everything the server pushed, with a way to wait for the next matching message."""

    def __init__(self) -> None:
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = defaultdict(list)
        self.registrations: list[types.Registration] = []
        self.applied_edits: list[types.ApplyWorkspaceEditParams] = []
        self._arrived: asyncio.Event | None = None

    def _notify(self) -> None:
        if self._arrived is None:
            self._arrived = asyncio.Event()
        self._arrived.set()

    async def wait_until(self, condition: Callable[[], Any], timeout: float = WAIT_SECONDS) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = condition()
            if result:
                return result
            if self._arrived is None:
                self._arrived = asyncio.Event()
            self._arrived.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("the server did not send what the test waited for")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = {
        k: v
        for k, v in DEFAULT_CLIENT_FEATURES.items()
        if k not in (types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, types.WINDOW_SHOW_MESSAGE, types.PROGRESS)
    }
    register_lsp_features(client, features)
    recorder = Recorder()
    client.recorder = recorder
    progress_handler = DEFAULT_CLIENT_FEATURES[types.PROGRESS]

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        recorder.published[params.uri].append(params)
        recorder._notify()

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def on_message(params: types.ShowMessageParams):
        client.messages.append(params)
        recorder._notify()

    @client.feature(types.PROGRESS)
    def on_progress(params: types.ProgressParams):
        progress_handler(client, params)
        recorder._notify()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams):
        recorder.registrations.extend(params.registrations)
        recorder._notify()

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply_edit(params: types.ApplyWorkspaceEditParams):
        recorder.applied_edits.append(params)
        recorder._notify()
        return types.ApplyWorkspaceEditResult(applied=True)

    return client


async def start_client(
    root: Path,
    profile: str,
    *,
    encodings: list[str] | None = None,
    settings: dict | None = None,
    initialization_options: Any = None,
    env: dict[str, str] | None = None,
) -> LanguageClient:
    """A server started with `env` (default: `server_env()`), initialised as `profile` on `root`."""
    config = ClientServerConfig(
        server_command=SERVER_COMMAND, client_factory=make_client, server_env=env or server_env()
    )
    client = await config.start()
    client.profile = profile
    client.root = root
    client.set_configuration({"backlint": {"debounceMs": 0, **(settings or {})}})
    client.init_result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(profile, encodings),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=initialization_options,
        )
    )
    return client


async def stop_clients(clients: Iterable[LanguageClient]) -> None:
    """Shut each session down; fail if a server showed a strict-mode failure (a swallowed exception)."""
    failures = []
    for client in clients:
        failures.extend(strict_failures(client))
        try:
            await client.shutdown_session()
        finally:
            await client.stop()
    assert not failures, f"the server swallowed exceptions: {failures}"


def is_pull(client: LanguageClient) -> bool:
    return client.init_result.capabilities.diagnostic_provider is not None


def encoding_of(client: LanguageClient) -> str:
    return str(client.init_result.capabilities.position_encoding or "utf-16")


def open_document(client: LanguageClient, path: Path, text: str, language: str = "python", version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )
    return uri


def change_document(client: LanguageClient, uri: str, version: int, *changes) -> None:
    """Each change is (start_line, start_char, end_line, end_char, text) or a whole text string."""
    content = []
    for change in changes:
        if isinstance(change, str):
            content.append(types.TextDocumentContentChangeWholeDocument(text=change))
        else:
            sl, sc, el, ec, text = change
            content.append(
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(sl, sc), types.Position(el, ec)), text=text
                )
            )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version), content)
    )


async def diagnostics(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The server's diagnostics for `version` of the document: pulled or waited for (pushed)."""
    if is_pull(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri))
        )
        return list(report.items)

    def published():
        for params in reversed(client.recorder.published[uri]):
            if params.version == version:
                return params
        return None

    params = await client.recorder.wait_until(published)
    return list(params.diagnostics)


def with_rule(items: list[types.Diagnostic], rule_id: str) -> list[types.Diagnostic]:
    return [d for d in items if d.code == rule_id]


def span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


def position_in(text: str, line: int, code_point_column: int, encoding: str) -> int:
    """An LSP character offset for a code-point column of `text`'s line, in `encoding`."""
    prefix = text.split("\n")[line][:code_point_column]
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    if encoding == "utf-32":
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def apply_text_edits(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """Apply LSP TextEdits to text as an editor would (last first)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        if encoding == "utf-8":
            column = len(line.encode("utf-8")[: position.character].decode("utf-8", "ignore"))
        elif encoding == "utf-32":
            column = position.character
        else:
            column = len(line.encode("utf-16-le")[: 2 * position.character].decode("utf-16-le", "ignore"))
        return before + column

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [
            e
            for change in edit.document_changes
            if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri
            for e in change.edits
        ]
    return list((edit.changes or {}).get(uri, []))


def help_uri(language: str, rule_id: str) -> str:
    """The rule's documentation link, as the catalog states it."""
    from backlint.core import ruledocs, rules

    return next(ruledocs.doc_uri(c.rule.id) for c in rules.rules_for(language) if c.rule.id == rule_id)


def strict_failures(client: LanguageClient) -> list[str]:
    return [m.message for m in client.messages if "strict mode" in m.message]
