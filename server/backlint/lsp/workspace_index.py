"""The workspace index: each code file's summary (the functions that run the SQL handed to them,
checks/sql_wrappers.py) worked out in the background after start-up.

A caller's finding depends on the helper in another file; without the index, the first analysis
that imports a helper parses it then. Here every file BL103 reads is summarised once, one file per
step on the analysis thread (an edit waits for at most one file), with cancellable progress, and
the project's excludes honoured. Summaries are kept in memory, keyed by file and modification time,
and by content for the text open in the editor; open documents that read a summary are checked
again when it changes (analysis.py, sync.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from ..core import languages, rules, walk
from ..core.checks import sql_wrappers
from .work_progress import WorkProgress

if TYPE_CHECKING:
    from pathlib import Path

    from .server import BacklintServer

log = logging.getLogger(__name__)

REPORT_EVERY = 25  # files between progress reports
# Past this many files the index stops (the rest are summarised when an analysis first needs them).
MAX_INDEXED_FILES = 20_000


def _summarised(path: Path) -> bool:
    """A file in a language whose calls BL103 follows into other files."""
    spec = languages.for_path(str(path))
    return spec is not None and spec.code and rules.find_rule(spec.name, "BL103") is not None


async def build(server: BacklintServer) -> int:
    """Index the workspace; the number of files summarised."""
    await server.analyzer.wait_for_settings()
    root = server.workspace_root
    if root is None:
        return 0
    collected = await server.analyzer.run_in_worker(walk.collect, [root], server.settings.core)
    files = [path for path in collected.files if _summarised(path)][:MAX_INDEXED_FILES]
    if not files:
        return 0
    progress = WorkProgress(server, "index")
    await progress.begin("backlint: indexing the workspace")
    done = 0
    cancelled = False
    try:
        for index, path in enumerate(files):
            if progress.cancelled():
                cancelled = True
                break
            await server.analyzer.run_in_worker(sql_wrappers.runners_in, str(path))
            done += 1
            if (index + 1) % REPORT_EVERY == 0:
                progress.report(index + 1, len(files))
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        progress.end("cancelled" if cancelled else f"{done} files")
    log.info("indexed %d of %d files", done, len(files))
    return done
