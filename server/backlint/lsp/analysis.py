"""Running the core on open documents: debounced, on one worker thread, never publishing stale results.

All tree-sitter work (parsing, queries, fix verification) happens on a single worker thread, so no
parser, tree or query object is ever used by two threads, and the event loop stays free to answer
hover, cancellation and other documents while a large file is parsed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import attrs
from lsprotocol import types

from ..core import engine, facts
from ..core.incremental import line_index
from .analyse_document import analyse_document, help_uri
from .baselined import EditorBaseline
from .convert import PreparedDiagnostics
from .diagnostic_json import syntax_diagnostic_json
from .documents import Document, analysed_text
from .pygls_private import converter, send_payload

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)

# How long analysis waits for the client's settings after start-up before using what it has.
SETTINGS_WAIT_SECONDS = 5.0
# Adaptive scheduling: a document whose last analysis took under CHEAP_MS is analysed at once on each
# keystroke (the incremental re-analysis of a 10,000-line file takes 10-20 ms; under 30 ms, the
# diagnostics still follow the keystroke within the 50 ms a typist notices); a costlier one waits for
# a pause in typing, twice its cost, within [MIN_WAIT_MS, MAX_WAIT_MS].
CHEAP_MS = 30.0
MIN_WAIT_MS, MAX_WAIT_MS = 50, 300
# Syntax trees (about 1 MB per 1,000 lines) and prepared diagnostics are kept for the documents worked
# on last; the others keep their text and findings, and are parsed again when a tree is needed.
HOT_DOCUMENTS = 16


def adaptive_delay_ms(cost_ms: float) -> int:
    if cost_ms < CHEAP_MS:
        return 0
    return int(min(MAX_WAIT_MS, max(MIN_WAIT_MS, 2 * cost_ms)))


@dataclass
class _Job:
    task: asyncio.Task
    running: bool = False  # waiting out the debounce until the work is handed to the worker


@dataclass
class Published:
    revision: int
    generation: int
    result_id: str
    diagnostics: list[types.Diagnostic]


def _as_hint(pair: tuple[types.Diagnostic, dict]) -> tuple[types.Diagnostic, dict]:
    """A baselined finding's diagnostic, shown as a hint (copies: the prepared ones are reused)."""
    diagnostic, as_json = pair
    message = f"{diagnostic.message} (in the baseline)"
    hint = types.DiagnosticSeverity.Hint
    return attrs.evolve(diagnostic, severity=hint, message=message), {
        **as_json,
        "severity": int(hint),
        "message": message,
    }


def _timed(function: Callable[..., Any], *args) -> tuple[Any, float]:
    """The result and how long it took, in milliseconds, measured on the worker (not its queue)."""
    started = time.perf_counter()
    result = function(*args)
    return result, (time.perf_counter() - started) * 1000


class Analyzer:
    """Per-document analysis scheduling and diagnostics publication (push or pull)."""

    def __init__(self, server: BacklintServer):
        self.server = server
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backlint-analysis")
        self._jobs: dict[str, _Job] = {}
        self._published: dict[str, Published] = {}
        self._prepared: dict[str, PreparedDiagnostics] = {}
        self._skip_notes: set[str] = set()
        self.generation = 0  # bumped when settings change: everything must be redone
        self.baseline = EditorBaseline(server.show_warning)
        self._hot: OrderedDict[str, None] = OrderedDict()  # URIs whose analysis keeps its tree, oldest first
        self.settings_ready: asyncio.Event | None = None  # created on the loop (see start)

    # -- running work on the worker thread -------------------------------------------------
    async def run_in_worker(self, function: Callable[..., Any], *args) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    def start(self) -> None:
        self.settings_ready = asyncio.Event()

    def ready_event(self) -> asyncio.Event:
        """`settings_ready`, which `start` (on `initialize`) creates on the loop."""
        if self.settings_ready is None:
            raise RuntimeError("the analyzer has not been started")
        return self.settings_ready

    # -- scheduling --------------------------------------------------------------------------
    def schedule(self, document: Document, delay_ms: int = 0, full: bool = False) -> asyncio.Task:
        uri = document.uri
        job = self._jobs.get(uri)
        if job is not None and not job.running and not job.task.done():
            job.task.cancel()  # still waiting out the debounce: superseded
        if full:
            document.full_revision = document.revision
            document.full_requested = True
        task = asyncio.ensure_future(self._run(document, delay_ms))
        self._jobs[uri] = _Job(task)
        return task

    async def _run(self, document: Document, delay_ms: int) -> None:
        try:
            if delay_ms > 0:
                await asyncio.sleep(delay_ms / 1000)
            await self.wait_for_settings()
            job = self._jobs.get(document.uri)
            if job is not None and job.task is asyncio.current_task():
                job.running = True
            await self._analyse_now(document)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.server.fail("analysis", error)

    async def wait_for_settings(self) -> None:
        if self.settings_ready is None or self.settings_ready.is_set():
            return
        try:
            await asyncio.wait_for(self.settings_ready.wait(), SETTINGS_WAIT_SECONDS)
        except TimeoutError:
            log.warning("no settings from the client after %ss; analysing with what is known", SETTINGS_WAIT_SECONDS)
            self.settings_ready.set()

    async def _analyse_now(self, document: Document) -> None:
        if self.server.store.get(document.uri) is not document:
            return  # closed meanwhile
        revision = document.revision
        settings = self.server.settings.core
        if document.path and settings.excluded(document.path):
            document.analysis, document.analysed_revision = None, revision
            document.pending.clear()
            self._publish(document, revision, [])
            return
        full = document.full_revision > (document.analysed_revision if document.analysed_revision is not None else -1)
        full = full or document.analysed_generation != self.generation or document.full_requested
        document.full_requested = False
        edits = [edit for _rev, edit in document.pending]
        analysis, cost_ms = await self.run_in_worker(
            _timed,
            analyse_document,
            document.language,
            document.display_path,
            document.data,
            document.starts,
            document.analysis,
            edits,
            full,
            settings,
        )
        if not full:
            # What a keystroke costs is an incremental pass's; a full one (open, save, new settings)
            # costs several times more and would make the next keystrokes wait for nothing.
            document.record_cost(cost_ms)
        if self.server.store.get(document.uri) is not document:
            return
        if document.analysed_revision is not None and document.analysed_revision > revision:
            return  # a newer analysis finished first
        document.analysis = analysis
        document.facts = analysis.facts
        document.analysed_revision = revision
        self._keep_hot(document.uri)
        document.analysed_generation = self.generation
        document.pending = [(rev, edit) for rev, edit in document.pending if rev > revision]
        for note in analysis.notes:
            if note.kind == "syntax":
                continue  # half-typed code has syntax errors on most keystrokes: not worth a log line
            key = f"{document.uri}\0{note.message}"
            if key not in self._skip_notes:
                self._skip_notes.add(key)
                log.warning("%s: %s", document.display_path, note.message)
        if revision != document.revision:
            return  # the text moved on; the newer job publishes
        self._publish(document, revision, self.diagnostics_for(document, analysis))
        if document.revision > 0:  # edited since it was opened: what other files read of it may differ now
            await self._recheck_after_edit(document)

    def diagnostics_for(self, document: Document, analysis: engine.Analysis) -> list[tuple[types.Diagnostic, dict]]:
        """Each active finding's diagnostic and its JSON form (reused from the last publication
        for findings that did not change)."""
        if analysis.lines is None:
            return []
        prepared = self._prepared.get(document.uri)
        if prepared is None:
            prepared = self._prepared[document.uri] = PreparedDiagnostics(
                document.uri, converter(self.server.protocol).unstructure
            )
        active = analysis.active()
        out = prepared.prepare(
            active,
            analysis.lines,
            self.server.store.encoding,
            lambda rule_id: help_uri(document.language, rule_id),
        )
        baselined = self.baseline.baselined(active, self.server.settings.core)
        if baselined:
            if self.server.settings.baselined_findings == "hint":
                out = [_as_hint(pair) if index in baselined else pair for index, pair in enumerate(out)]
            else:
                out = [pair for index, pair in enumerate(out) if index not in baselined]
        syntax = next((n for n in analysis.notes if n.kind == "syntax" and n.offset is not None), None)
        if syntax is not None:
            out = [*out, self._syntax_diagnostic(syntax, analysis)]
        return out

    def _syntax_diagnostic(self, note, analysis: engine.Analysis) -> tuple[types.Diagnostic, dict]:
        """One information diagnostic where the file stops parsing: findings past it may be missing."""
        _source, lines = analysed_text(analysis)
        as_json = syntax_diagnostic_json(note, lines, self.server.store.encoding)
        return converter(self.server.protocol).structure(as_json, types.Diagnostic), as_json

    def _publish(self, document: Document, revision: int, diagnostics: list[tuple[types.Diagnostic, dict]]) -> None:
        previous = self._published.get(document.uri)
        if previous is not None and (previous.revision, previous.generation) > (revision, self.generation):
            return  # never replace newer diagnostics with older ones
        if self.server.client.pull_diagnostics:  # the client asks with textDocument/diagnostic
            result_id = _result_id([as_json for _, as_json in diagnostics])
            self._published[document.uri] = Published(revision, self.generation, result_id, [d for d, _ in diagnostics])
            return
        # Push clients keep their copy; here only the bookkeeping stays.
        self._published[document.uri] = Published(revision, self.generation, "", [])
        self._push(document.uri, [as_json for _, as_json in diagnostics], document.version)

    def _push(self, uri: str, diagnostics: list[dict], version: int | None = None) -> None:
        """publishDiagnostics from diagnostics already in JSON form. pygls' own path would rebuild
        and unstructure every lsprotocol object on each keystroke."""
        params: dict[str, Any] = {"uri": uri, "diagnostics": diagnostics}
        if version is not None:
            params["version"] = version
        send_payload(
            self.server.protocol,
            {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params},
        )

    # -- life cycle --------------------------------------------------------------------------
    def _keep_hot(self, uri: str) -> None:
        self._hot[uri] = None
        self._hot.move_to_end(uri)
        while len(self._hot) > HOT_DOCUMENTS:
            cold, _ = self._hot.popitem(last=False)
            document = self.server.store.get(cold)
            if document is not None and document.analysis is not None:
                document.analysis.tree = None
                document.analysis.clean_ancestor = None
                source = document.analysis.source
                if source is not None and source.data is document.data:
                    # One list of line starts for the document and its analysis, not two (~30 KB
                    # per 1,000 lines), and no decoded copy of the text until it is asked for.
                    document.analysis.lines = line_index(document.data, document.starts)
                document.drop_text_cache()
            self._prepared.pop(cold, None)

    async def hydrate(self, document: Document) -> None:
        """Give a document analysed a while ago its tree back (a fix or an explanation needs one)."""
        analysis = document.analysis
        if analysis is not None and analysis.tree is None and document.analysed_revision == document.revision:
            await self.schedule(document, 0)

    def forget(self, uri: str) -> None:
        self._hot.pop(uri, None)
        job = self._jobs.pop(uri, None)
        if job is not None and not job.task.done():
            job.task.cancel()
        self._published.pop(uri, None)
        self._prepared.pop(uri, None)
        if not self.server.client.pull_diagnostics:
            self._push(uri, [])

    def _dependents_of(self, document: Document) -> list[Document]:
        """The other open documents whose analysis read a summary of this one's file."""
        if not document.path:
            return []
        path = _comparable(document.path)
        return [
            other
            for other in self.server.store
            if other is not document
            and any(kind == "sql-runners" and _comparable(str(args[0])) == path for kind, args, _ in other.facts)
        ]

    async def _recheck_after_edit(self, document: Document) -> None:
        """Typing in a helper others call (db.py's run_query) re-checks those callers before any save:
        the summary of the open file is made from its current text (core/open_texts.py)."""
        dependents = self._dependents_of(document)
        if not dependents:
            return
        stale: list[Document] = await self.run_in_worker(
            lambda: [d for d in dependents if not facts.still_true(d.facts)]
        )
        for dependent in stale:
            if self.server.store.get(dependent.uri) is dependent:
                self.schedule(dependent, 0, full=True)

    def recheck_dependents(self, changed: Document | None = None) -> None:
        """Analyse again the open documents whose analysis read another file that has changed since
        (a helper in db.py that no longer runs its SQL, a package.json edited)."""
        for document in self.server.store:
            if document is not changed and document.facts and not facts.still_true(document.facts):
                self.schedule(document, 0, full=True)

    def reanalyse_all(self) -> None:
        self.generation += 1
        for document in self.server.store:
            self.schedule(document, 0, full=True)
        if self.server.client.pull_diagnostics and self.server.client.diagnostic_refresh:
            self.server.workspace_diagnostic_refresh(None)

    # -- pull diagnostics --------------------------------------------------------------------
    async def analysis_underway(self, document: Document) -> None:
        """Wait for the document's queued or running analysis, if any; never start one (a failing
        analysis must not be retried on every hover)."""
        for _ in range(3):  # a superseded job hands over to a newer one
            job = self._jobs.get(document.uri)
            if job is None or job.task.done():
                return
            try:
                await asyncio.shield(job.task)
            except asyncio.CancelledError:
                if job.task.cancelled():
                    continue
                raise
            except Exception:
                return  # reported where it failed (`_run`)

    async def settle(self, document: Document) -> Published | None:
        """Wait until the document's current text is analysed; its diagnostics (for pulls and code actions)."""
        await self.wait_for_settings()
        for _ in range(3):  # the text may move on while we wait; then wait for the newer job
            published = self._published.get(document.uri)
            if (
                published is not None
                and published.revision == document.revision
                and published.generation == self.generation
            ):
                return published
            job = self._jobs.get(document.uri)
            job_task = self.schedule(document, 0) if job is None or job.task.done() else job.task
            try:
                await asyncio.shield(job_task)
            except asyncio.CancelledError:
                if job_task.cancelled():
                    continue  # superseded by a newer job: wait for that one
                raise
            if self.server.store.get(document.uri) is not document:
                return None
        return self._published.get(document.uri)

    def shutdown(self) -> None:
        for job in self._jobs.values():
            job.task.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)


def _comparable(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _result_id(diagnostics: list[dict]) -> str:
    payload = json.dumps(diagnostics, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]
