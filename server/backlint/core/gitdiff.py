"""The lines a git work tree changed since a reference, for `backlint check --diff REF`.

Added and changed lines of tracked files come from `git diff --unified=0 REF`; files git does not
track yet (and does not ignore) are new as a whole.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffError(Exception):
    """Not a git work tree, git missing, or a reference git does not know. The message says which."""


class Changes:
    """Changed lines per file (absolute paths), 1-based; None for a file that is new as a whole."""

    def __init__(self, lines: dict[Path, set[int] | None]):
        self._lines = lines

    def touches(self, path: str, first_line: int, last_line: int) -> bool:
        changed = self._lines.get(Path(path).resolve(), set())
        if changed is None:
            return True
        return any(line in changed for line in range(first_line, last_line + 1))


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        raise DiffError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {args[0]} failed")
    return done.stdout


def changes_since(ref: str, where: Path) -> Changes:
    start = where if where.is_dir() else where.parent
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], start).strip())
    except DiffError:
        raise DiffError(f"{where}: not inside a git work tree (--diff needs one)") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except DiffError:
        raise DiffError(f"--diff {ref}: git knows no such commit") from None
    lines: dict[Path, set[int] | None] = {}
    current: set[int] | None = None
    for line in _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", ref, "--"], top).splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else lines.setdefault((top / name[2:]).resolve(), set())
        elif line.startswith("@@") and current is not None:
            hunk = _HUNK.match(line)
            if hunk:
                first, count = int(hunk.group(1)), int(hunk.group(2) or "1")
                current.update(range(first, first + count))
    for name in _git(["ls-files", "--others", "--exclude-standard"], top).splitlines():
        lines[(top / name).resolve()] = None
    return Changes(lines)
