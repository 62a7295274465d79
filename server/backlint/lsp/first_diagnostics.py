"""The first documents' diagnostics, published before pygls and lsprotocol are imported.

An editor answered `initialize` by quickstart sends `initialized` and opens the file it shows at
once. Importing lsprotocol and pygls takes ~350 ms, and the analysis engine ~200 ms more: together
most of the time from starting the server to the first diagnostics. Here the engine alone is
imported: the `didOpen` notifications that follow `initialized` without a pause are analysed with
the settings the server starts with (the project's configuration file and the client's
initializationOptions), and their diagnostics are published as the server publishes them. Every
frame read is then replayed to the server, which handles it as always and publishes the same
diagnostics again, now with the settings the client answers `workspace/configuration` with.

Nothing is done here (the server does everything, as before) for clients that pull diagnostics or
whose settings come only from workspace/configuration, a configured baseline, settings that do not
read, a frame of any other kind, or platforms where standard input cannot be polled.
"""

from __future__ import annotations

import json
import logging
import os
import select
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# How long to wait for the next frame once `initialized` came: editors send the open documents
# right after it. Waiting longer would only delay the server for a client that opens nothing.
FIRST_OPEN_WAIT_SECONDS = 0.05
NEXT_OPEN_WAIT_SECONDS = 0.005
MAX_DOCUMENTS = 4
NOTIFICATION_HEADER = "Content-Length: {length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"


def eligible(request: dict, stdin: Any) -> bool:
    """A push client whose settings are known before it is asked for them, on a platform whose
    standard input can be polled.

    The settings are known when the client sent them as initializationOptions (the VS Code extension
    always does) or cannot be asked (no workspace/configuration). A client that only answers
    workspace/configuration could turn a rule off there: its first diagnostics wait for the answer.
    """
    if os.name != "posix" or not hasattr(stdin, "peek") or not hasattr(stdin, "fileno"):
        return False
    params = request.get("params") or {}
    found = params.get("capabilities")
    capabilities: dict = found if isinstance(found, dict) else {}
    text_document = capabilities.get("textDocument")
    if isinstance(text_document, dict) and text_document.get("diagnostic") is not None:
        return False
    workspace = capabilities.get("workspace")
    asks = isinstance(workspace, dict) and bool(workspace.get("configuration"))
    return params.get("initializationOptions") is not None or not asks


def input_ready(stdin: Any, timeout: float) -> bool:
    """Bytes are waiting: in the reader's buffer (asked without blocking) or on the pipe."""
    descriptor = stdin.fileno()
    blocking = os.get_blocking(descriptor)
    try:
        os.set_blocking(descriptor, False)
        if stdin.peek(1):
            return True
    except OSError:
        return False
    finally:
        os.set_blocking(descriptor, blocking)
    try:
        ready, _, _ = select.select([descriptor], [], [], timeout)
    except (OSError, ValueError):
        return False
    return bool(ready)


def publish_first(read_frame, stdin: Any, stdout: Any, request: dict, encoding: str) -> None:
    """Read `initialized` and the `didOpen`s right behind it with `read_frame`, publishing each
    opened document's diagnostics to `stdout`. Whatever goes wrong leaves the rest to the server."""
    try:
        first = _message(read_frame())
        if first is None or first.get("method") != "initialized":
            return
        context = _Context.for_request(request, encoding)
        if context is None:
            return
        wait = FIRST_OPEN_WAIT_SECONDS
        for _ in range(MAX_DOCUMENTS):
            if not input_ready(stdin, wait):
                return
            wait = NEXT_OPEN_WAIT_SECONDS
            message = _message(read_frame())
            if message is None or message.get("method") != "textDocument/didOpen":
                return
            frame = context.diagnostics_frame(message.get("params"))
            if frame is None:
                return
            stdout.write(frame)
            stdout.flush()
            log.info("published a document's diagnostics before the server was ready")
    except Exception as error:  # the server publishes these documents' diagnostics in any case
        log.debug("no early diagnostics: %s: %s", type(error).__name__, error)


def _message(body: bytes | None) -> dict | None:
    if body is None:
        return None
    try:
        message = json.loads(body)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


class _Context:
    """The settings, store and encoding the first analyses run with."""

    def __init__(self, settings: Any, encoding: str) -> None:
        from .documents import DocumentStore

        self.settings = settings
        self.store = DocumentStore()
        self.store.encoding = encoding

    @classmethod
    def for_request(cls, request: dict, encoding: str) -> _Context | None:
        from ..core import rules
        from ..core.config import ConfigError
        from .settings import SECTION, ServerSettings, load_file_settings, parse_client_settings

        params = request.get("params") or {}
        root = _workspace_root(params)
        options = params.get("initializationOptions")
        if isinstance(options, dict) and isinstance(options.get(SECTION), dict):
            options = options[SECTION]
        try:
            known = rules.known_rule_keys()
            settings = ServerSettings(core=load_file_settings(root, known))
            settings = parse_client_settings(options, origin="initializationOptions", base=settings, known_rules=known)
        except (ConfigError, OSError, ValueError):
            return None  # the server reports it, with its usual message
        if settings.core.baseline:
            return None  # what the baseline hides is the server's to decide
        return cls(settings, encoding)

    def diagnostics_frame(self, params: Any) -> bytes | None:
        """The publishDiagnostics frame for a didOpen's document; None when the server publishes none."""
        item = params.get("textDocument") if isinstance(params, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not isinstance(item.get("uri"), str):
            return None
        uri, version = item["uri"], item.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            return None  # the server says what is wrong with it
        document = self.store.open(uri, str(item.get("languageId") or ""), version, item["text"])
        if document is None:
            return None  # not a language backlint reads: the server publishes nothing either
        published: dict[str, Any] = {"uri": uri, "diagnostics": self._diagnostics(document), "version": version}
        message = {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": published}
        body = json.dumps(message).encode("utf-8")
        return NOTIFICATION_HEADER.format(length=len(body)).encode("ascii") + body

    def _diagnostics(self, document: Any) -> list[dict]:
        from .analyse_document import analyse_document, help_uri
        from .diagnostic_json import diagnostic_json, diagnostic_key, syntax_diagnostic_json

        core = self.settings.core
        if document.path and core.excluded(document.path):
            return []
        language = document.language
        analysis = analyse_document(
            language, document.display_path, document.data, document.starts, None, [], True, core
        )
        if analysis.lines is None:
            return []
        encoding = self.store.encoding
        out = [
            diagnostic_json(diagnostic_key(f, analysis.lines, encoding, help_uri(language, f.rule_id)), document.uri)
            for f in analysis.active()
        ]
        syntax = next((n for n in analysis.notes if n.kind == "syntax" and n.offset is not None), None)
        if syntax is not None:
            out.append(syntax_diagnostic_json(syntax, analysis.lines, encoding))
        return out


def _workspace_root(params: dict) -> Path | None:
    """As the server's initialize handler finds it: a workspace folder, rootUri, then rootPath."""
    from .documents import uri_to_path

    folders = params.get("workspaceFolders") or []
    candidates: list[str] = [f["uri"] for f in folders if isinstance(f, dict) and isinstance(f.get("uri"), str)]
    if isinstance(params.get("rootUri"), str):
        candidates.append(params["rootUri"])
    for uri in candidates:
        path = uri_to_path(uri)
        if path:
            return Path(path)
    return Path(params["rootPath"]) if isinstance(params.get("rootPath"), str) else None
