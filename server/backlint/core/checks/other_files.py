"""Reading another file of the project for a summary of it (its SQL runners, its builders): the text
an editor has open, else the disk; a key that changes when the file does; the file parsed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import languages, open_texts
from ..positions import LineIndex
from .base import FileContext

MAX_SUMMARISED_BYTES = 1_000_000
# Summaries kept per kind: enough for a whole workspace's code (the editor indexes it).
MAX_CACHED = 20_000

# (path, modification time or content hash, size): what a summary of the file is cached under.
SummaryKey = tuple[str, int | str, int]


def summary_key(path: str) -> tuple[SummaryKey, bytes | None] | None:
    """The key for the file's current text, with that text when an editor has it open (unsaved text
    is read instead of the disk); None when the file cannot be read."""
    data = open_texts.get(path)
    if data is not None:
        return (path, hashlib.blake2b(data, digest_size=16).hexdigest(), len(data)), data
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return (path, stat.st_mtime_ns, stat.st_size), None


def parsed(path: str, size: int, data: bytes | None) -> FileContext | None:
    """The file as a check sees its own: None for what is not code, too big, or unreadable."""
    spec = languages.for_path(path)
    if spec is None or not spec.code or size > MAX_SUMMARISED_BYTES:
        return None
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
    tree = languages.new_parser(spec.name).parse(data)
    return FileContext(path=path, language=spec.name, data=data, tree=tree, lines=LineIndex(data))


def cached_summary(
    cache: dict[SummaryKey, list[list[Any]]],
    path: str,
    summarise: Callable[[str, int, bytes | None], list[list[Any]]],
) -> list[list[Any]]:
    """The summary of the file's current text, worked out by `summarise(path, size, open text or None)`
    once per version of the file."""
    found = summary_key(path)
    if found is None:
        return []
    key, data = found
    summary = cache.get(key)
    if summary is None:
        summary = summarise(path, key[2], data)
        if len(cache) >= MAX_CACHED:
            cache.clear()
        cache[key] = summary
    return summary
