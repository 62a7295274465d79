"""The backend expert in the editor: "Explain with backend expert" and "Fix with backend expert" on
every backlint diagnostic, the commands behind them, progress while the model works, cancellation
that reaches the HTTP request, and the hover that shows an explanation once there is one.

Listing the actions costs nothing; the model is called only when the user picks one (in
codeAction/resolve, or through a command for clients that cannot resolve edits).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..core import engine
from ..core.positions import LineIndex
from ..llm import Expert, FixAnswer, llm_settings
from ..llm.cache import cache_root
from ..llm.logs import quiet_sdk_loggers
from .capabilities import COMMAND_EXPLAIN, COMMAND_FIX, COMMAND_SHOW_PAYLOAD
from .convert import SOURCE, to_range
from .documents import position_of
from .pygls_private import pending_request

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)

EXPLAIN_TITLE = "Explain with backend expert"
FIX_TITLE = "Fix with backend expert"
KIND_EXPLAIN = "backlint.expert.explain"
KIND_FIX = "backlint.expert.fix"
CMD_EXPLAIN, CMD_FIX, CMD_PAYLOAD = COMMAND_EXPLAIN, COMMAND_FIX, COMMAND_SHOW_PAYLOAD
ANNOTATION = "backlint.expert"


def register(server: BacklintServer) -> None:
    quiet_sdk_loggers()
    analyzer = getattr(server, "analyzer", None)
    expert = Expert(offload=getattr(analyzer, "run_in_worker", None))
    server.expert = expert  # for tests and other features; the contract needs nothing else
    server.action_providers.append(lambda document, diagnostics, params: _actions(server, document, diagnostics))

    async def resolve_explain(action: types.CodeAction) -> types.CodeAction:
        return action  # the command does the work, so the model runs only when the user picks it

    async def resolve_fix(action: types.CodeAction) -> types.CodeAction:
        return await _resolve_fix(server, expert, action)

    server.action_resolvers[KIND_EXPLAIN] = resolve_explain
    server.action_resolvers[KIND_FIX] = resolve_fix
    server.hover_providers.append(lambda document, finding: _hover(expert, document, finding))

    fence = getattr(server, "fence", None) or (lambda feature, default=None: lambda function: function)

    @server.command(CMD_EXPLAIN)
    @fence("explaining a finding")
    async def explain_command(*arguments: Any) -> dict | None:
        _follow_request_cancellation(server)
        return await _explain(server, expert, *_target(arguments))

    @server.command(CMD_FIX)
    @fence("fixing a finding with the backend expert")
    async def fix_command(*arguments: Any) -> dict | None:
        _follow_request_cancellation(server)
        return await _fix_and_apply(server, expert, *_target(arguments))

    @server.command(CMD_PAYLOAD)
    @fence("showing what would be sent")
    async def payload_command(*arguments: Any) -> dict | None:
        return await _show_payload(server, expert, *_target(arguments))


# -- listing: cheap, never calls a model ----------------------------------------------------------


def _expert_enabled(server) -> bool:
    return llm_settings(server.settings).enabled


def _actions(server, document, diagnostics) -> list[types.CodeAction]:
    if not _expert_enabled(server):
        return []
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else None
        if diagnostic.source != SOURCE or not data or not isinstance(data.get("fingerprint"), str):
            continue
        arguments = [document.uri, data["fingerprint"]]
        actions.append(
            types.CodeAction(
                title=EXPLAIN_TITLE,
                kind=types.CodeActionKind.Empty,
                diagnostics=[diagnostic],
                command=types.Command(title=EXPLAIN_TITLE, command=CMD_EXPLAIN, arguments=arguments),
                data={"kind": KIND_EXPLAIN, "uri": document.uri, "fingerprint": data["fingerprint"]},
            )
        )
        fix = types.CodeAction(title=FIX_TITLE, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic])
        if server.client.resolve_edit:
            fix.data = {"kind": KIND_FIX, "uri": document.uri, "fingerprint": data["fingerprint"]}
        else:
            fix.command = types.Command(title=FIX_TITLE, command=CMD_FIX, arguments=arguments)
        actions.append(fix)
    return actions


def _target(arguments) -> tuple[str, str]:
    if len(arguments) >= 2 and isinstance(arguments[0], str) and isinstance(arguments[1], str):
        return arguments[0], arguments[1]
    raise ValueError("expected the arguments [uri, fingerprint]")


# -- cancellation and progress --------------------------------------------------------------------


def _follow_request_cancellation(server) -> None:
    """pygls runs a command as a task of its own under the executeCommand request; a $/cancelRequest
    cancels only the request's future. Link the two, so cancelling reaches the HTTP request."""
    task = asyncio.current_task()
    protocol = server.protocol
    request = pending_request(protocol, protocol.msg_id) if protocol.msg_id is not None else None
    if task is None or request is None or request is task:
        return
    loop = asyncio.get_running_loop()
    request.add_done_callback(lambda future: future.cancelled() and loop.call_soon_threadsafe(task.cancel))


class CancelledByUser(Exception):
    """The user pressed cancel on the progress notification: the request still gets an answer."""


async def _with_progress(server, title: str, message: str, run):
    """Await `run(report)` with $/progress around it. Cancelling the progress in the client cancels
    the work (and its HTTP request) and raises CancelledByUser; a $/cancelRequest cancels the
    whole handler as usual."""
    token = await _progress_token(server)
    if token is None:
        return await run(lambda text: None)
    progress = server.work_done_progress

    def report(text: str) -> None:
        progress.report(token, types.WorkDoneProgressReport(message=text))

    work = asyncio.ensure_future(run(report))
    loop = asyncio.get_running_loop()
    pressed = progress.tokens.get(token)
    if pressed is not None:
        pressed.add_done_callback(lambda future: future.cancelled() and loop.call_soon_threadsafe(work.cancel))
    progress.begin(token, types.WorkDoneProgressBegin(title=title, message=message, cancellable=True))
    try:
        return await work
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # the request itself was cancelled
        raise CancelledByUser() from None
    finally:
        progress.end(token, types.WorkDoneProgressEnd(message="done"))
        progress.tokens.pop(token, None)


async def _progress_token(server) -> str | None:
    if not server.client.work_done_progress:
        return None
    token = f"backlint-expert-{uuid.uuid4()}"
    try:
        await server.work_done_progress.create_async(token)
    except Exception:  # a client that refuses progress still gets the answer
        log.info("the client refused a progress token")
        return None
    return token


# -- the finding, as of the text the user sees -----------------------------------------------------


async def _current(server, uri: str, fingerprint: str):
    """(document, analysis, finding) for the document's current text, or None when the finding is gone."""
    opened = server.store.get(uri)
    analyzer = getattr(server, "analyzer", None)
    if opened is not None and opened.analysed_revision is None and analyzer is not None:
        await analyzer.analysis_underway(opened)  # opened moments ago: its first diagnostics can come first
    found = server.find_finding(uri, fingerprint)
    if found is None:
        return None
    document, finding = found
    analysis = document.analysis
    if analysis is None or analysis.source is None or analysis.tree is None or analysis.source.data != document.data:
        # Edits arrived since the last analysis: the offsets must match the text being edited.
        core = getattr(server.settings, "core", None)
        # On the analysis thread, like every parse: tree-sitter objects are never shared across threads.
        analyze = functools.partial(
            engine.analyze, document.text, path=document.path or document.uri, language=document.language, settings=core
        )
        analyzer = getattr(server, "analyzer", None)
        analysis = await analyzer.run_in_worker(analyze) if analyzer is not None else analyze()
        finding = next((f for f in analysis.findings if f.fingerprint == fingerprint), None)
        if finding is None:
            return None
    return document, analysis, finding


def _root(server) -> str:
    root = getattr(server, "workspace_root", None)
    return str(root) if root else ""


def _gone(server) -> None:
    _message(
        server,
        types.MessageType.Info,
        "That finding is no longer in the document; run the action again on the current code.",
    )


def _message(server, kind: types.MessageType, text: str) -> None:
    server.window_show_message(types.ShowMessageParams(type=kind, message=text))


# -- explain ---------------------------------------------------------------------------------------


async def _explain(server, expert: Expert, uri: str, fingerprint: str) -> dict | None:
    current = await _current(server, uri, fingerprint)
    if current is None:
        _gone(server)
        return None
    _document, analysis, finding = current
    settings = llm_settings(server.settings)
    try:
        answer = await _with_progress(
            server,
            "Backend expert",
            f"Explaining {finding.rule_id}",
            lambda report: expert.explain(analysis, finding, settings, key=uri, root=_root(server), progress=report),
        )
    except CancelledByUser:
        return {"cancelled": True}
    if answer.notice and answer.alert:  # "no key" is said in the document itself, not in a popup
        _message(server, types.MessageType.Warning, answer.notice)
    markdown = answer.document(finding)
    path = _write(Path("explanations") / f"{finding.rule_id}-{_safe(fingerprint)}.md", markdown)
    shown = await _show(server, path)
    return {
        "uri": path.as_uri() if path else None,
        "shown": shown,
        "source": answer.source,
        "notice": answer.notice,
        "markdown": markdown,
    }


def _hover(expert: Expert, document, finding) -> str | None:
    markdown = expert.explanations.get((document.uri, finding.fingerprint))
    if not markdown:
        return None
    body = re.sub(r"\A# [^\n]*\n+", "", markdown)  # the hover already names the rule
    return "**Backend expert**\n\n" + body


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


def _write(relative: Path, text: str) -> Path | None:
    path = cache_root() / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        log.warning("could not write %s: %s", relative, error.strerror or type(error).__name__)
        return None
    return path


async def _show(server, path: Path | None) -> bool:
    if path is None or not server.client.show_document:
        return False
    try:
        result = await server.window_show_document_async(types.ShowDocumentParams(uri=path.as_uri(), take_focus=True))
    except Exception:
        log.info("the client did not open the document")
        return False
    return bool(getattr(result, "success", False))


# -- fix -------------------------------------------------------------------------------------------


async def _resolve_fix(server, expert: Expert, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    current = await _current(server, data.get("uri", ""), data.get("fingerprint", ""))
    if current is None:
        _gone(server)
        return action
    document, analysis, finding = current
    answer = await _ask_fix(server, expert, analysis, finding)
    if answer.applicable:
        action.edit = _workspace_edit(server, document, analysis, answer)
    return action


async def _ask_fix(server, expert: Expert, analysis, finding) -> FixAnswer:
    settings = llm_settings(server.settings)
    try:
        answer = await _with_progress(
            server,
            "Backend expert",
            f"Proposing a fix for {finding.rule_id}",
            lambda report: expert.fix(analysis, finding, settings, root=_root(server), progress=report),
        )
    except CancelledByUser:
        return FixAnswer(notice=None)
    if answer.notice:
        # No model configured is the default, not a problem: say it, without a warning.
        kind = types.MessageType.Warning if answer.alert else types.MessageType.Info
        _message(server, kind, answer.notice)
    return answer


async def _fix_and_apply(server, expert: Expert, uri: str, fingerprint: str) -> dict | None:
    current = await _current(server, uri, fingerprint)
    if current is None:
        _gone(server)
        return None
    document, analysis, finding = current
    answer = await _ask_fix(server, expert, analysis, finding)
    if not answer.applicable:
        return {"applied": False, "source": answer.source, "notice": answer.notice}
    edit = _workspace_edit(server, document, analysis, answer)
    result = await server.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label=answer.title))
    return {"applied": bool(getattr(result, "applied", False)), "source": answer.source, "notice": answer.notice}


def _workspace_edit(server, document, analysis, answer: FixAnswer) -> types.WorkspaceEdit:
    """The fix as a WorkspaceEdit whose change annotation asks the user to confirm it."""
    encoding = server.store.encoding
    lines = analysis.lines
    by_model = answer.source in ("model", "cache")
    label = "Fix proposed by the backend expert" if by_model else "backlint's own fix"
    annotation = types.ChangeAnnotation(
        label=label,
        needs_confirmation=True,
        description=(answer.note or answer.title or label)[:300],
    )
    text_edits = [
        types.AnnotatedTextEdit(
            range=to_range(lines, e.start_byte, e.end_byte, encoding), new_text=e.new_text, annotation_id=ANNOTATION
        )
        for e in answer.edits
    ]
    if not server.client.document_changes:
        changes = {document.uri: [types.TextEdit(range=e.range, new_text=e.new_text) for e in text_edits]}
        for uri, edits in _append_edits(server, answer).items():
            changes.setdefault(uri, []).extend(edits)
        return types.WorkspaceEdit(changes=changes)
    operations: list[Any] = [
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version),
            edits=text_edits,
        )
    ]
    operations += _append_operations(server, answer)
    return types.WorkspaceEdit(document_changes=operations, change_annotations={ANNOTATION: annotation})


def _append_targets(server, answer: FixAnswer) -> list[tuple[Path, str | None, str]]:
    root = getattr(server, "workspace_root", None)
    if root is None:
        return []
    out = []
    for append in answer.appends:
        path = Path(root) / append.relative_path
        try:
            existing = path.read_text(encoding="utf-8") if path.is_file() else None
        except OSError:
            continue
        if existing is not None and append.line in existing.splitlines():
            continue
        out.append((path, existing, append.line))
    return out


def _append_edits(server, answer: FixAnswer) -> dict[str, list[types.TextEdit]]:
    out: dict[str, list[types.TextEdit]] = {}
    for path, existing, line in _append_targets(server, answer):
        if existing is None:
            continue  # creating a file needs documentChanges
        out.setdefault(path.as_uri(), []).append(_end_insert(existing, line, server.store.encoding))
    return out


def _append_operations(server, answer: FixAnswer) -> list[Any]:
    operations: list[Any] = []
    for path, existing, line in _append_targets(server, answer):
        if existing is None:
            if not server.client.create_files:
                continue
            operations.append(
                types.CreateFile(uri=path.as_uri(), options=types.CreateFileOptions(ignore_if_exists=True))
            )
            existing = ""
        insert = _end_insert(existing, line, server.store.encoding)
        operations.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=path.as_uri(), version=None),
                edits=[types.AnnotatedTextEdit(range=insert.range, new_text=insert.new_text, annotation_id=ANNOTATION)],
            )
        )
    return operations


def _end_insert(existing: str, line: str, encoding: str) -> types.TextEdit:
    data = existing.encode("utf-8")
    end = position_of(LineIndex(data), len(data), encoding)
    prefix = "" if not existing or existing.endswith(("\n", "\r")) else "\n"
    position = types.Position(*end)
    return types.TextEdit(range=types.Range(position, position), new_text=f"{prefix}{line}\n")


# -- show what would be sent -------------------------------------------------------------------------


async def _show_payload(server, expert: Expert, uri: str, fingerprint: str) -> dict | None:
    current = await _current(server, uri, fingerprint)
    if current is None:
        _gone(server)
        return None
    _document, analysis, finding = current
    result = expert.payload(analysis, finding, llm_settings(server.settings), root=_root(server))
    text = json.dumps(result["payload"], indent=2, ensure_ascii=False) + "\n"
    path = _write(Path("payloads") / f"{finding.rule_id}-{_safe(fingerprint)}.json", text)
    await _show(server, path)
    return {"payload": result["payload"], "provider": result["provider"], "sent": False, "reason": result["reason"]}
