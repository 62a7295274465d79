"""The `backlint.scanWorkspace` command: diagnostics for every file, with cancellable progress."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core import engine, walk
from .analysis import help_uri
from .capabilities import COMMAND_SCAN_WORKSPACE
from .convert import to_diagnostic

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
    progress = server.work_done_progress
    token = f"backlint-scan-{uuid.uuid4()}"
    reporting = server.client.work_done_progress
    if reporting:
        try:
            await progress.create_async(token)
        except Exception as error:
            log.warning("the client refused a progress token: %s", error)
            reporting = False
    if reporting:
        progress.begin(
            token, types.WorkDoneProgressBegin(title="backlint: scanning the workspace", cancellable=True, percentage=0)
        )
    files_done = findings_total = 0
    cancelled = False
    try:
        collected = await server.analyzer.run_in_worker(walk.collect, [root], settings)
        files = collected.files
        for index, path in enumerate(files):
            if reporting and progress.tokens.get(token) is not None and progress.tokens[token].cancelled():
                cancelled = True
                break
            analysis = await server.analyzer.run_in_worker(engine.analyze_file, path, settings, str(path))
            files_done += 1
            uri = Path(path).resolve().as_uri()
            if uri in server.store or analysis.lines is None:
                continue  # open documents have their own, live diagnostics
            active = analysis.active()
            findings_total += len(active)
            diagnostics = [
                to_diagnostic(f, analysis.lines, uri, server.store.encoding, help_uri(analysis.language, f.rule_id))
                for f in active
            ]
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
            if reporting and (index + 1) % REPORT_EVERY == 0:
                progress.report(
                    token,
                    types.WorkDoneProgressReport(
                        message=f"{index + 1}/{len(files)} files",
                        percentage=int(100 * (index + 1) / max(1, len(files))),
                    ),
                )
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        if reporting:
            summary = "cancelled" if cancelled else f"{files_done} files, {findings_total} findings"
            progress.end(token, types.WorkDoneProgressEnd(message=summary))
            progress.tokens.pop(token, None)
    return {"files": files_done, "findings": findings_total, "cancelled": cancelled}
