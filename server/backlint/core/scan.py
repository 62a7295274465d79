"""The scan loop the CLI and the editor's workspace scan share: each file analysed once, behind a
per-file fence, from the result cache when it is still valid, in worker processes when it pays.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine, facts
from .cache import Entry, ResultCache
from .checks import sql_wrappers
from .config import Settings
from .model import Finding, Note
from .positions import LineIndex

# Below this many files to analyse a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16


@dataclass
class FileResult:
    path: Path
    language: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    cached: bool = False
    # The analysed text's line index when analysed in this process (None from the cache or a worker).
    lines: LineIndex | None = None
    # Other files' SQL helpers this analysis summarised, by content (kept in the result cache).
    summaries: dict[str, Any] = field(default_factory=dict)

    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]


def analyze_path(path: Path, settings: Settings, *, keep_lines: bool = False) -> tuple[FileResult, Entry | None]:
    """One file, fenced: a crash is an error note for that file (the scan fails closed), never a
    clean file and never the end of the scan. The Entry is what the cache may keep (None: nothing)."""
    try:
        with facts.recording() as consulted:
            analysis = engine.analyze_file(path, settings)
    except Exception as error:
        if engine.strict_mode():
            raise
        note = Note(str(path), f"internal error: {type(error).__name__}: {error}", "error")
        return FileResult(path, "", notes=[note]), None
    result = FileResult(
        path, analysis.language, analysis.findings, analysis.notes, lines=analysis.lines if keep_lines else None
    )
    entry = None
    if analysis.digest and not analysis.failed:
        entry = Entry(analysis.language, analysis.digest, consulted, analysis.findings, analysis.notes)
    return result, entry


def _from_cache(cache: ResultCache, path: Path, settings: Settings) -> FileResult | None:
    try:
        if path.stat().st_size > settings.max_file_size:
            return None
        data = path.read_bytes()
    except OSError:
        return None  # the analysis says what is wrong with it
    found = cache.lookup(path, str(path), data)
    if found is None:
        return None
    language, findings, notes = found
    return FileResult(path, language, findings, notes, cached=True)


def _worker(job: tuple[Path, Settings]) -> tuple[FileResult, Entry | None]:
    """Runs in a worker process: nothing parsed is shared between processes; the summaries of helper
    files it worked out go back with the result, to be merged into the cache."""
    path, settings = job
    result, entry = analyze_path(path, settings)
    result.summaries = sql_wrappers.computed_summaries()
    return result, entry


def scan(
    files: list[Path],
    settings: Settings,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    keep_lines: bool = False,
) -> Generator[FileResult, None, None]:
    """Every file's result: cached ones first, then the analysed ones in order. The cache is saved
    when the loop ends, also when the consumer stops early (the editor cancelled)."""
    try:
        if cache is not None:
            sql_wrappers.load_summaries(cache.summaries)  # before workers fork: they inherit them
        pending = []
        for path in files:
            hit = _from_cache(cache, path, settings) if cache is not None else None
            if hit is not None:
                yield hit
            else:
                pending.append(path)
        jobs = jobs or os.cpu_count() or 1
        for result, entry in _analyze_all(pending, settings, jobs, keep_lines):
            if cache is not None:
                cache.keep_summaries(result.summaries or sql_wrappers.computed_summaries())
                if entry is not None:
                    cache.store(result.path, entry)
            yield result
        if cache is not None:
            cache.keep_summaries(sql_wrappers.computed_summaries())  # re-checking cached results' helpers
    finally:
        if cache is not None:
            cache.save()


def _analyze_all(
    files: list[Path], settings: Settings, jobs: int, keep_lines: bool
) -> Iterator[tuple[FileResult, Entry | None]]:
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        for path in files:
            yield analyze_path(path, settings, keep_lines=keep_lines)
        return
    import concurrent.futures
    import multiprocessing

    from . import languages, rules

    # Compile each needed language's query once, before forking, so workers inherit it.
    for name in {spec.name for spec in map(languages.for_path, files) if spec is not None}:
        rules.language_rules(name, all_queries=True)
    # fork: workers inherit the imported core and start in milliseconds.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        chunk = max(1, min(64, len(files) // (jobs * 8) or 1))
        yield from pool.map(_worker, [(path, settings) for path in files], chunksize=chunk)
