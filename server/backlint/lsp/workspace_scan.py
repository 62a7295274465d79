"""The `backlint.scanWorkspace` command: diagnostics for every file, with cancellable progress."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core import cache, scan, walk
from ..core.positions import LineIndex
from ..core.source import SkipFile, decode
from .analysis import help_uri
from .capabilities import COMMAND_SCAN_WORKSPACE
from .convert import to_diagnostic
from .work_progress import WorkProgress

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)

COMMAND = COMMAND_SCAN_WORKSPACE
REPORT_EVERY = 10  # files between progress reports


def register(server: BacklintServer) -> None:
    @server.command(COMMAND)
    @server.fence("workspace scan", default={"files": 0, "findings": 0, "cancelled": False, "failed": True})
    async def scan_workspace(*_args) -> dict:
        return await _scan(server)


async def _scan(server: BacklintServer) -> dict:
    await server.analyzer.wait_for_settings()
    root = server.workspace_root
    if root is None:
        server.show_warning("backlint: no workspace folder to scan")
        return {"files": 0, "findings": 0, "cancelled": False}
    settings = server.settings.core
    progress = WorkProgress(server, "scan")
    await progress.begin("backlint: scanning the workspace")
    files_done = findings_total = 0
    cancelled = False
    try:
        collected = await server.analyzer.run_in_worker(walk.collect, [root], settings)
        files = collected.files
        result_cache = await server.analyzer.run_in_worker(_open_cache, Path(root), settings)
        # The CLI's loop (core/scan.py), one file per step on the analysis thread, so a cancel is
        # seen between files and the editor keeps answering meanwhile.
        results = scan.scan(files, settings, cache=result_cache, keep_lines=True)
        try:
            for index in range(len(files)):
                if progress.cancelled():
                    cancelled = True
                    break
                result = await server.analyzer.run_in_worker(next, results, None)
                if result is None:
                    break
                files_done += 1
                findings_total += _publish(server, result)
                if (index + 1) % REPORT_EVERY == 0:
                    progress.report(index + 1, len(files))
        finally:
            await server.analyzer.run_in_worker(results.close)  # saves the cache
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        progress.end("cancelled" if cancelled else f"{files_done} files, {findings_total} findings")
    return {"files": files_done, "findings": findings_total, "cancelled": cancelled}


def _open_cache(root: Path, settings) -> cache.ResultCache:
    return cache.ResultCache.open(cache.default_folder(root), settings)


def _publish(server: BacklintServer, result: scan.FileResult) -> int:
    """Diagnostics for a file that is not open (open documents have their own, live ones)."""
    uri = Path(result.path).resolve().as_uri()
    if uri in server.store or not result.language:
        return 0
    active = result.active()
    diagnostics = []
    if active:
        lines = result.lines or _line_index(result)
        if lines is None:
            return 0
        diagnostics = [
            to_diagnostic(f, lines, uri, server.store.encoding, help_uri(result.language, f.rule_id)) for f in active
        ]
    server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
    return len(active)


def _line_index(result: scan.FileResult) -> LineIndex | None:
    """A cached result's line index, from the file as the engine decodes it."""
    try:
        return LineIndex(decode(result.path.read_bytes(), language=result.language, max_bytes=None).data)
    except (OSError, SkipFile):
        return None
