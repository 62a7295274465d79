"""Finding the files to check: honour .gitignore, default excludes and the settings' excludes.

Problems met on the way (dangling links, loops, FIFOs, unreadable folders) become notes, once each;
a note's `kind` says what it is ("skipped" here), so its message does not repeat it. A path the user
named that does not exist (or a folder named that cannot be listed) is an "error" note: the scan
did not do what was asked.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import languages
from .config import Settings
from .model import Note

if TYPE_CHECKING:
    import pathspec

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".backlint_cache", "node_modules", "vendor", ".venv", "venv", "env", ".tox", ".nox",
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "dist", "build", "out", "target",
        ".next", ".nuxt", ".gradle", ".idea", "coverage", "site-packages", "bower_components",
    }
)  # fmt: skip
MINIFIED_SUFFIXES = (".min.js", ".min.mjs", ".bundle.js", "-bundle.js", ".min.cjs")


@dataclass
class WalkResult:
    files: list[Path] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


# A folder with a .gitignore, and its patterns (which are relative to that folder).
_Ignore = tuple[Path, "pathspec.PathSpec[pathspec.Pattern]"]


def _gitignore_spec(folder: Path) -> pathspec.PathSpec[pathspec.Pattern] | None:
    path = folder / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not lines:
        return None
    import pathspec  # ~25 ms: only when there is a .gitignore to read

    return pathspec.PathSpec.from_lines("gitwildmatch", lines)


def _excluded_name(name: str) -> bool:
    return name.endswith(MINIFIED_SUFFIXES) or name.endswith(".d.ts")


def collect(paths: list[Path], settings: Settings) -> WalkResult:
    """Every checkable file under `paths`. A path named explicitly is checked even if excluded."""
    result = WalkResult()
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()  # (inode, device): one file however it is reached
    for root in paths:
        try:
            info = root.stat()
        except OSError as error:
            # A path the user named that is not there is a failed scan, not a clean one (a typo in a
            # CI path must not pass): an error note, which makes the exit code 2.
            result.notes.append(Note(str(root), _missing(root, error), "error"))
            continue
        if stat.S_ISDIR(info.st_mode):
            if (info.st_dev, info.st_ino) in seen_dirs:
                continue  # named twice, or inside a folder already named: its files are in already
            _walk(root, settings, result, seen_dirs, seen_files)
        elif stat.S_ISREG(info.st_mode):
            if languages.for_path(root) is None:
                result.notes.append(Note(str(root), "not a language backlint reads"))
            elif (info.st_ino, info.st_dev) not in seen_files:
                seen_files.add((info.st_ino, info.st_dev))
                result.files.append(root)
        else:
            result.notes.append(Note(str(root), "not a regular file"))
    return result


def _missing(root: Path, error: OSError) -> str:
    if root.is_symlink():
        return "dangling symlink"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read: {error.strerror or error}"


def _walk(
    top: Path,
    settings: Settings,
    result: WalkResult,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
) -> None:
    # An explicit stack instead of os.walk: we need per-folder .gitignore and loop detection. Each
    # entry carries its ancestors' identities: a folder that is its own ancestor is a loop; one met
    # before by another way (a link to a sibling, a folder named twice) is simply not walked again.
    stack: list[tuple[Path, list[_Ignore], frozenset[tuple[int, int]]]] = [(top, [], frozenset())]
    while stack:
        folder, ignores, ancestors = stack.pop()
        # The folder the user named is an error when it cannot be read; one met on the way is skipped.
        kind = "error" if folder == top else "skipped"
        try:
            info = folder.stat()
        except OSError as error:
            result.notes.append(Note(str(folder), f"cannot read: {error.strerror or error}", kind))
            continue
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            result.notes.append(Note(str(folder), "directory loop (symlink back to a parent)"))
            continue
        if key in seen_dirs:
            continue
        seen_dirs.add(key)
        inside = ancestors | {key}
        spec = _gitignore_spec(folder)
        if spec is not None:
            ignores = [*ignores, (folder, spec)]
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            result.notes.append(Note(str(folder), f"cannot read: {error.strerror or error}", kind))
            continue
        children = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir and entry.name in DEFAULT_EXCLUDED_DIRS:
                continue
            if _ignored(path, is_dir, ignores) or settings.excluded(str(path)):
                continue
            if is_dir:
                children.append((path, ignores, inside))
                continue
            if languages.for_path(path) is None or _excluded_name(entry.name):
                continue
            if entry.is_symlink() and not path.exists():
                result.notes.append(Note(str(path), "dangling symlink"))
                continue
            if not is_file:
                result.notes.append(Note(str(path), "not a regular file (FIFO, socket or device)"))
                continue
            if not os.access(path, os.R_OK):
                result.notes.append(Note(str(path), "permission denied"))
                continue
            # The same file reached twice (through a link) is checked once. A plain file's identity is
            # its inode, which scandir already read; only links cost a stat.
            if entry.is_symlink():
                target = os.stat(path)
                identity = (target.st_ino, target.st_dev)
            else:
                identity = (entry.inode(), info.st_dev)
            if identity in seen_files:
                continue
            seen_files.add(identity)
            result.files.append(path)
        stack.extend(reversed(children))


def _ignored(path: Path, is_dir: bool, ignores: list[_Ignore]) -> bool:
    for base, spec in ignores:
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(relative + "/" if is_dir else relative):
            return True
    return False
