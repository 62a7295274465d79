"""One document's analysis as the worker thread runs it, and the help link of its findings.

Standard library and core only (no lsprotocol): the start-up path (first_diagnostics.py) runs it
before the server is imported.
"""

from __future__ import annotations

from ..core import engine, facts, incremental, ruledocs
from ..core.model import Note
from ..core.source import SourceText, looks_binary


def help_uri(language: str, rule_id: str) -> str:
    return ruledocs.doc_uri(rule_id)


def analyse_document(
    language: str,
    path: str,
    data: bytes,
    starts: list[int],
    base: engine.Analysis | None,
    edits: list[incremental.ByteEdit],
    full: bool,
    settings,
) -> engine.Analysis:
    """Runs on the worker thread."""
    if looks_binary(data):
        return engine.Analysis(
            path=path, language=language, notes=[Note(path, "binary content (NUL bytes): not analysed")]
        )
    if len(data) > settings.max_file_size:
        return engine.Analysis(
            path=path,
            language=language,
            notes=[Note(path, f"document is {len(data):,} bytes, over the {settings.max_file_size:,}-byte limit")],
        )
    source = SourceText(text=data.decode("utf-8", "replace"), data=data)
    with facts.recording() as read:
        if full or base is None or base.tree is None:
            tree = engine.parse(language, data)
            analysis = engine.analyze(source, path=path, language=language, settings=settings, tree=tree)
        else:
            analysis = incremental.reanalyze(base, edits, source, settings, starts)
            read.extend(base.facts)  # the statements not re-analysed still rest on what they read
    analysis.facts = [fact for index, fact in enumerate(read) if fact not in read[:index]]
    return analysis
