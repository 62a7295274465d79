"""Files whose content is never sent to a model, whatever is in them (`.env*`, keys, ...)."""

from __future__ import annotations

import fnmatch
from pathlib import PurePosixPath, PureWindowsPath


def denied(path: str, patterns: tuple[str, ...] | list[str]) -> str | None:
    """The pattern that denies `path` (matched against the file name and the whole path), or None."""
    if not path:
        return None
    posix = PureWindowsPath(path).as_posix() if "\\" in path else path
    name = PurePosixPath(posix).name
    for pattern in patterns:
        pattern = pattern.strip()
        if not pattern:
            continue
        if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(posix, pattern):
            return pattern
        if "/" in pattern and fnmatch.fnmatchcase(posix, "*/" + pattern.lstrip("/")):
            return pattern
    return None
