"""Positions: UTF-8 byte offsets (what tree-sitter speaks) to lines and code-point columns.

Lines break where LSP breaks them (\\n, \\r\\n, \\r) and nowhere else, so the CLI and every editor
agree on line numbers. Conversion to an editor's encoding (UTF-16 units, bytes) happens once, in
the LSP layer, from the code-point columns kept here.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Point, Span

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_NEWLINE = re.compile(rb"\n")


class LineIndex:
    """Line starts of one text, as byte offsets into its UTF-8 encoding."""

    def __init__(self, data: bytes, starts: list[int] | None = None):
        """`starts`: the line starts when already known; otherwise computed on first use (most files
        have no findings)."""
        self.data = data
        self._starts = starts

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            breaks = _LINE_BREAK.finditer(self.data) if b"\r" in self.data else _NEWLINE.finditer(self.data)
            self._starts = [0, *(m.end() for m in breaks)]
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def point(self, offset: int) -> Point:
        offset = max(0, min(offset, len(self.data)))
        line = self.line_of(offset)
        start = self.starts[line]
        column = len(self.data[start:offset].decode("utf-8", "replace"))
        return Point(line, column)

    def span(self, start_byte: int, end_byte: int) -> Span:
        return Span(start_byte, end_byte, self.point(start_byte), self.point(end_byte))

    def line_bytes(self, line: int) -> bytes:
        """The line's bytes without its line break."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.data)
        return self.data[start:end].rstrip(b"\r\n")

    def line_text(self, line: int) -> str:
        return self.line_bytes(line).decode("utf-8", "replace")

    def offset(self, line: int, column: int) -> int:
        """Byte offset of a code-point column on a line, clamped to the line."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.data)
        text = self.line_text(line)
        column = max(0, min(column, len(text)))
        return self.starts[line] + len(text[:column].encode("utf-8"))
