"""Facts about the project a file belongs to, read once per project: a setting made in one file
(`axios.defaults.timeout = ...` in the server's constructor) applies to the calls in every other.

Bounded: at most MAX_FILES source files and MAX_BYTES are read per project, dependency and build
folders are skipped, and the answer is cached per (project, question) for the process.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from . import facts
from .roles import project_root
from .walk import DEFAULT_EXCLUDED_DIRS

MAX_FILES = 5_000
MAX_BYTES = 50_000_000


def mentions(path: str, pattern: re.Pattern[bytes], suffixes: tuple[str, ...]) -> bool:
    """Whether any source file with one of `suffixes` in the file's project matches `pattern`.
    Without a project (a lone file), only the file itself is read."""
    root = project_root(path)
    if root is None:
        try:
            return pattern.search(Path(path).read_bytes()) is not None
        except OSError:
            return False
    # Recorded (core/facts.py): a cached result that depends on other files is re-checked.
    return bool(facts.consulted("project-mentions", str(root), pattern.pattern.decode("latin-1"), list(suffixes)))


@facts.evaluator("project-mentions")
def _mentions_fact(root: str, pattern: str, suffixes: list[str]) -> bool:
    return _project_mentions(root, pattern.encode("latin-1"), tuple(suffixes))


@lru_cache(maxsize=256)
def _project_mentions(root: str, pattern: bytes, suffixes: tuple[str, ...]) -> bool:
    compiled = re.compile(pattern)
    files = read = 0
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in DEFAULT_EXCLUDED_DIRS and not d.startswith(".")]
        for name in names:
            if not name.endswith(suffixes):
                continue
            files += 1
            if files > MAX_FILES or read > MAX_BYTES:
                return False
            try:
                data = Path(folder, name).read_bytes()
            except OSError:
                continue
            read += len(data)
            if compiled.search(data):
                return True
    return False


def clear_caches() -> None:
    _project_mentions.cache_clear()
