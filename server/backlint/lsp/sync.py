"""Document synchronisation (open, change, save, close) and pull diagnostics."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core import open_texts
from .analysis import adaptive_delay_ms
from .capabilities import PULL_DIAGNOSTICS_IDENTIFIER

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)


def register(server: BacklintServer) -> None:
    warned_unopened: set[str] = set()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @server.fence("opening a document")
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        document = server.store.open(item.uri, item.language_id, item.version, item.text)
        if document is None:
            log.debug("not a language backlint reads: %s", item.language_id)
            return
        warned_unopened.discard(item.uri)
        if document.path:
            open_texts.set_text(document.path, document.data)  # what other files' analyses read of it
        server.analyzer.schedule(document, 0, full=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @server.fence("applying an edit")
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        document = server.store.get(uri)
        if document is None:
            if uri not in warned_unopened:
                warned_unopened.add(uri)
                log.warning("ignoring a change to a document that is not open (%s)", uri)
            return
        version = params.text_document.version
        encoding = server.store.encoding
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                document.apply_change(
                    (start.line, start.character), (end.line, end.character), change.text, version, encoding
                )
            else:
                document.replace_all(change.text, version)
        if document.path:
            open_texts.set_text(document.path, document.data)
        if server.settings.run == "onType":
            fixed = server.settings.debounce_ms
            server.analyzer.schedule(document, adaptive_delay_ms(document.typical_cost_ms) if fixed is None else fixed)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @server.fence("saving a document")
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        document = server.store.get(params.text_document.uri)
        if document is None:
            return
        if params.text is not None:
            document.replace_all(params.text, document.version)
            if document.path:
                open_texts.set_text(document.path, document.data)
        # A full pass settles anything the incremental passes could not see (facts across statements).
        server.analyzer.schedule(document, 0, full=True)
        # Open documents that call into this file see what it does now.
        server.analyzer.recheck_dependents(document)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @server.fence("closing a document")
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        closed = server.store.close(uri)
        if closed is not None:
            server.analyzer.forget(uri)
            if closed.path:
                open_texts.discard(closed.path)  # the disk says again what it does
                server.analyzer.recheck_dependents()


def register_pull(server: BacklintServer) -> None:
    """textDocument/diagnostic, only for clients that ask for it (others get push only)."""

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=PULL_DIAGNOSTICS_IDENTIFIER, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    @server.fence("pull diagnostics", default=lambda *_: types.RelatedFullDocumentDiagnosticReport(items=[]))
    async def diagnostic(params: types.DocumentDiagnosticParams):
        document = server.store.get(params.text_document.uri)
        if document is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        published = await server.analyzer.settle(document)
        if published is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        if params.previous_result_id == published.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=published.result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=published.diagnostics, result_id=published.result_id)
