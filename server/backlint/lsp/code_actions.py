"""Code actions: deterministic quick fixes, suppression comments, fix-all, and what providers add.

Listing actions stays cheap: a quick fix's edit is computed (and verified) in codeAction/resolve
when the client supports it, otherwise while listing, on the worker thread either way.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core import engine, incremental, languages, suppress
from ..core.fixes import Fix, apply_edits, compute_fix
from ..core.model import Finding
from ..core.source import from_text
from .analysis import help_uri
from .capabilities import CODE_ACTION_KINDS, COMMAND_FIX, FIX_ALL_KIND
from .convert import range_offsets, to_diagnostic, to_range
from .documents import Document, analysed_text

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)

KIND_FIX = COMMAND_FIX
KIND_FIX_ALL = "backlint.fixAll"
MAX_FIX_ALL_ROUNDS = 50

# Shown while listing, before the fixer has run; the resolved action carries the fixer's own title.
FIX_TITLES = {
    "sql-parameterize": "Pass the values as query parameters",
    "secret-to-env": "Read the secret from the environment (and rotate it)",
    "log-and-reraise": "Log the exception and re-raise it",
}


def _wanted(only: list[str] | None, kind: str) -> bool:
    if not only:
        return kind != FIX_ALL_KIND  # fix-all only when asked for by kind (e.g. on save)
    return any(kind == k or kind.startswith(k + ".") for k in only)


def _current(document: Document) -> engine.Analysis | None:
    """The document's analysis when it is of the current text; None while one is pending."""
    return document.analysis if document.analysed_revision == document.revision else None


def _fixed_text(analysis: engine.Analysis, fix: Fix) -> bytes:
    return apply_edits(analysed_text(analysis)[0].data, fix.edits)


def _minimal_edit(old: bytes, new: bytes) -> tuple[int, int, str]:
    """One replacement turning old into new: the differing middle (whole characters)."""
    start, old_end, new_end = incremental.net_span(old, new, whole_characters=True)
    return start, old_end, new[start:new_end].decode("utf-8")


def fix_all(analysis: engine.Analysis, settings) -> tuple[bytes, list]:
    """Apply safe fixes one at a time, re-analysing in between so that edits never collide.

    Runs on the worker thread. Returns the new text and the workspace appends of the fixes used.
    """
    appends = []
    attempted: set[tuple[str, str]] = set()
    current = analysis
    for _ in range(MAX_FIX_ALL_ROUNDS):
        candidate = None
        for finding in current.active():
            key = (finding.rule_id, finding.fingerprint)
            if finding.fix and key not in attempted:
                candidate = finding
                break
        if candidate is None:
            break
        attempted.add((candidate.rule_id, candidate.fingerprint))
        fix = compute_fix(current, candidate, settings)
        if fix is None or not fix.safe:
            continue
        data = _fixed_text(current, fix)
        appends.extend(fix.appends)
        current = engine.analyze(
            from_text(data.decode("utf-8")), path=current.path, language=current.language, settings=settings
        )
    return analysed_text(current)[0].data, appends


class CodeActions:
    def __init__(self, server: BacklintServer):
        self.server = server

    # -- edits ---------------------------------------------------------------------------------
    def _document_edit(self, document: Document, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        if self.server.client.document_changes:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=document.uri, version=document.version
                        ),
                        edits=edits,
                    )
                ]
            )
        return types.WorkspaceEdit(changes={document.uri: edits})

    def _workspace_edit(
        self, document: Document, lines, byte_edits: list[tuple[int, int, str]], appends
    ) -> types.WorkspaceEdit:
        encoding = self.server.store.encoding
        text_edits = [types.TextEdit(range=to_range(lines, a, b, encoding), new_text=t) for a, b, t in byte_edits]
        edit = self._document_edit(document, text_edits)
        for append in appends:
            self._add_append(edit, document, append)
        return edit

    def _add_append(self, edit: types.WorkspaceEdit, document: Document, append) -> None:
        """Add `line` to a workspace file (such as .env.example) unless it is already there."""
        root = self.server.workspace_root or (Path(document.path).parent if document.path else None)
        if root is None:
            return
        target = (root / append.relative_path).resolve()
        if root.resolve() not in target.parents:
            log.warning("not appending outside the workspace: %s", append.relative_path)
            return
        uri = target.as_uri()
        open_document = self.server.store.get(uri)
        if open_document is not None:
            existing = open_document.text
        elif target.is_file():
            try:
                existing = target.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return
        else:
            existing = None
        if existing is not None and append.line in existing.splitlines():
            return
        if existing is None:
            can_create = self.server.client.document_changes and self.server.client.create_files
            if not can_create or not isinstance(edit.document_changes, list):
                log.info("the client cannot create %s; not adding %s", append.relative_path, append.line.split("=")[0])
                return
            edit.document_changes.append(
                types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
            )
            existing = ""
        lines = existing.splitlines(keepends=True)
        end = types.Position(line=len(lines), character=0)
        prefix = "\n" if existing and not existing.endswith(("\n", "\r")) else ""
        text_edit = types.TextEdit(range=types.Range(end, end), new_text=f"{prefix}{append.line}\n")
        if isinstance(edit.document_changes, list):  # _document_edit builds a list, or the plain changes
            version = open_document.version if open_document is not None else None
            edit.document_changes.append(
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                    edits=[text_edit],
                )
            )
        elif isinstance(edit.changes, dict):
            edit.changes[uri] = [*edit.changes.get(uri, []), text_edit]

    # -- suppression comments --------------------------------------------------------------------
    def _suppression_actions(
        self, document: Document, finding: Finding, diagnostic: types.Diagnostic
    ) -> list[types.CodeAction]:
        analysis = document.analysis
        if analysis is None:  # never: code actions are listed for a current analysis
            return []
        comment = languages.LANGUAGES[document.language].line_comment
        _source, lines = analysed_text(analysis)
        actions = []
        line_start = lines.starts[finding.span.start.line]
        if not _inside_multiline_token(analysis, line_start):
            line_bytes = lines.line_bytes(finding.span.start.line)
            indent = line_bytes[: len(line_bytes) - len(line_bytes.lstrip(b" \t"))].decode("utf-8", "replace")
            text = f"{indent}{suppress.comment_for(finding.rule_id, comment)}{_line_break(lines.data)}"
            actions.append(
                types.CodeAction(
                    title=f"Ignore {finding.rule_id} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=self._workspace_edit(document, lines, [(line_start, line_start, text)], []),
                )
            )
        at = _file_comment_offset(lines, document.language)
        if not _inside_multiline_token(analysis, at):
            text = f"{suppress.comment_for(finding.rule_id, comment, whole_file=True)}{_line_break(lines.data)}"
            actions.append(
                types.CodeAction(
                    title=f"Ignore {finding.rule_id} in this file",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=self._workspace_edit(document, lines, [(at, at, text)], []),
                )
            )
        return actions

    # -- listing -------------------------------------------------------------------------------
    async def list(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        server = self.server
        document = server.store.get(params.text_document.uri)
        if document is None:
            return None
        if not _current(document):
            await server.analyzer.settle(document)  # the user asked now: wait for the pending analysis
        await server.analyzer.hydrate(document)
        analysis = _current(document)
        if server.store.get(document.uri) is not document or analysis is None:
            return None
        only = list(params.context.only) if params.context.only is not None else None
        encoding = server.store.encoding
        _source, lines = analysed_text(analysis)
        low, high = range_offsets(lines, params.range, encoding)
        in_range = [f for f in analysis.active() if f.span.start_byte <= high and f.span.end_byte >= low]
        actions: list[types.CodeAction] = []
        diagnostics = []
        for finding in in_range:
            diagnostic = to_diagnostic(
                finding, lines, document.uri, encoding, help_uri(document.language, finding.rule_id)
            )
            diagnostics.append(diagnostic)
            if finding.fix and _wanted(only, types.CodeActionKind.QuickFix):
                action = await self._fix_action(document, finding, diagnostic)
                if action is not None:
                    actions.append(action)
            if _wanted(only, types.CodeActionKind.QuickFix):
                actions.extend(self._suppression_actions(document, finding, diagnostic))
        if _wanted(only, FIX_ALL_KIND) and any(f.fix for f in analysis.active()):
            action = await self._fix_all_action(document)
            if action is not None:
                actions.append(action)
        for provider in server.action_providers:
            try:
                extra = provider(document, diagnostics, params) or []
            except Exception as error:
                server.fail("code action provider", error)
                continue
            actions.extend(a for a in extra if a.kind is None or _wanted(only, str(a.kind)))
        return actions

    async def _fix_action(
        self, document: Document, finding: Finding, diagnostic: types.Diagnostic
    ) -> types.CodeAction | None:
        data = {
            "kind": KIND_FIX,
            "uri": document.uri,
            "fingerprint": finding.fingerprint,
            "revision": document.revision,
        }
        if self.server.client.resolve_edit:
            return types.CodeAction(
                title=FIX_TITLES.get(finding.fix or "", f"Fix {finding.rule_id}"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                data=data,
            )
        action = types.CodeAction(
            title="", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=True, data=data
        )
        resolved = await self._resolve_fix(action)
        return resolved if resolved.edit is not None else None

    async def _fix_all_action(self, document: Document) -> types.CodeAction | None:
        action = types.CodeAction(
            title="Fix all safe backlint findings",
            kind=FIX_ALL_KIND,
            data={"kind": KIND_FIX_ALL, "uri": document.uri, "revision": document.revision},
        )
        if self.server.client.resolve_edit:
            return action
        resolved = await self._resolve_fix_all(action)
        return resolved if resolved.edit is not None else None

    # -- resolving -----------------------------------------------------------------------------
    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        kind = data.get("kind")
        if kind == KIND_FIX:
            return await self._resolve_fix(action)
        if kind == KIND_FIX_ALL:
            return await self._resolve_fix_all(action)
        resolver = self.server.action_resolvers.get(kind)
        if resolver is None:
            return action
        return await resolver(action)

    def _stale(self, action: types.CodeAction, reason: str) -> types.CodeAction:
        action.disabled = types.CodeActionDisabled(reason=reason)
        return action

    async def _resolve_fix(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        document = self.server.store.get(data.get("uri", ""))
        if document is not None:
            await self.server.analyzer.hydrate(document)
        analysis = _current(document) if document is not None else None
        if document is None or document.revision != data.get("revision") or analysis is None:
            return self._stale(action, "the document changed; ask for the fix again")
        found = self.server.find_finding(document.uri, data.get("fingerprint", ""))
        if found is None:
            return self._stale(action, "the finding is gone")
        _, finding = found
        fix = await self.server.analyzer.run_in_worker(compute_fix, analysis, finding, self.server.settings.core)
        if document.revision != data.get("revision"):
            return self._stale(action, "the document changed; ask for the fix again")
        if fix is None:
            return self._stale(action, "no safe automatic fix for this case")
        action.title = fix.title
        edits = [(e.start_byte, e.end_byte, e.new_text) for e in fix.edits]
        action.edit = self._workspace_edit(document, analysed_text(analysis)[1], edits, fix.appends)
        return action

    async def _resolve_fix_all(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        document = self.server.store.get(data.get("uri", ""))
        if document is not None:
            await self.server.analyzer.hydrate(document)
        analysis = _current(document) if document is not None else None
        if document is None or document.revision != data.get("revision") or analysis is None:
            return self._stale(action, "the document changed")
        new_data, appends = await self.server.analyzer.run_in_worker(fix_all, analysis, self.server.settings.core)
        if document.revision != data.get("revision"):
            return self._stale(action, "the document changed")
        source, lines = analysed_text(analysis)
        if new_data == source.data:
            return self._stale(action, "nothing to fix safely")
        action.edit = self._workspace_edit(document, lines, [_minimal_edit(source.data, new_data)], appends)
        return action


def _line_break(data: bytes) -> str:
    first = data.find(b"\n")
    if first > 0 and data[first - 1 : first] == b"\r":
        return "\r\n"
    if first < 0 and b"\r" in data:
        return "\r"
    return "\n"


def _file_comment_offset(lines, language: str) -> int:
    """Where a file-wide directive goes: the top, after a shebang and a Python coding line."""
    line = 0
    if lines.line_count > 1 and lines.line_bytes(0).startswith(b"#!"):
        line = 1
    if language == "python":
        while (
            line < min(2, lines.line_count - 1)
            and b"coding" in lines.line_bytes(line)
            and lines.line_bytes(line).lstrip().startswith(b"#")
        ):
            line += 1
    return lines.starts[line] if line < lines.line_count else len(lines.data)


def _inside_multiline_token(analysis: engine.Analysis, offset: int) -> bool:
    """True when a line starting at `offset` begins inside a string or comment from an earlier line."""
    if analysis.tree is None:
        return True
    node = analysis.tree.root_node.descendant_for_byte_range(offset, offset)
    while node is not None:
        if node.start_byte < offset < node.end_byte and any(
            k in node.type for k in ("string", "template", "comment", "heredoc")
        ):
            return True
        node = node.parent
    return False


def register(server: BacklintServer) -> None:
    actions = CodeActions(server)
    server.code_actions = actions
    kinds = list(CODE_ACTION_KINDS)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=kinds, resolve_provider=True),
    )
    @server.fence("code actions")
    async def code_action(params: types.CodeActionParams):
        return await actions.list(params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    @server.fence("resolving a code action", default=lambda action: action)
    async def code_action_resolve(action: types.CodeAction) -> types.CodeAction:
        return await actions.resolve(action)
