"""What a fix is (edits, file appends), the fixer registry, and applying edits.

Kept apart from the package's `__init__` so that `verify` and the fixers can import it while the
package imports `verify`: no module imports the package that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine import Analysis
from ..model import Finding

Fixer = Callable[["FixRequest"], "Fix | None"]
FIXERS: dict[str, Fixer] = {}


@dataclass(frozen=True)
class Edit:
    start_byte: int
    end_byte: int
    new_text: str


@dataclass(frozen=True)
class FileAppend:
    """Append `line` to the workspace file `relative_path` (created if missing) unless it is there."""

    relative_path: str
    line: str


@dataclass
class Fix:
    title: str
    edits: list[Edit]
    appends: list[FileAppend] = field(default_factory=list)
    safe: bool = True  # applied by source.fixAll only when safe


@dataclass
class FixRequest:
    """What a fixer needs: the finding and the analysis it came from (text, tree, lines)."""

    finding: Finding
    analysis: Analysis


def fixer(name: str) -> Callable[[Fixer], Fixer]:
    def register(function: Fixer) -> Fixer:
        FIXERS[name] = function
        return function

    return register


def apply_edits(data: bytes, edits: list[Edit]) -> bytes:
    """Apply non-overlapping edits (any order) to UTF-8 bytes."""
    out = data
    for edit in sorted(edits, key=lambda e: e.start_byte, reverse=True):
        out = out[: edit.start_byte] + edit.new_text.encode("utf-8") + out[edit.end_byte :]
    return out
