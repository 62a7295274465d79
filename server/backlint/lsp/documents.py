"""The open documents, kept as the client has them, and LSP positions in the negotiated encoding.

The text is held as UTF-8 bytes (what tree-sitter reads) with line starts kept up to date edit by
edit. Lines break at \\n, \\r\\n and \\r only, as LSP says (pygls' TextDocument also breaks at form
feed and other Unicode separators, which corrupts incremental edits).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from ..core import languages
from ..core.engine import Analysis
from ..core.facts import Fact
from ..core.incremental import ByteEdit, line_index, update_line_starts
from ..core.positions import LineIndex
from ..core.source import SourceText

log = logging.getLogger(__name__)
# Language ids editors give files they have no mode for; the file name then says what it is.
GENERIC_LANGUAGE_IDS = frozenset({"plaintext", "properties", "ini", "shellscript", "sh", "conf", "text"})

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def encode_text(text: str) -> bytes:
    # An editor can send lone surrogates; each becomes one "?", so columns stay the same.
    return text.encode("utf-8", "replace")


def units(text: str, encoding: str) -> int:
    """Length of `text` in the encoding's code units."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(encode_text(text))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def column_to_byte(line: bytes, column: int, encoding: str) -> int:
    """Byte offset within `line` of a column in code units, clamped to the line, never mid-character."""
    if column <= 0:
        return 0
    if encoding == UTF8 or line.isascii():  # one byte, one unit: nearly every line of code
        offset = min(column, len(line))
        while 0 < offset < len(line) and (line[offset] & 0xC0) == 0x80:
            offset -= 1  # inside a character: move to its start
        return offset
    text = line.decode("utf-8", "replace")
    count = 0
    offset = 0
    for ch in text:
        width = 2 if encoding == UTF16 and ord(ch) > 0xFFFF else 1
        if count + width > column:
            break
        count += width
        offset += len(encode_text(ch))
    return offset


def byte_to_column(line: bytes, offset: int, encoding: str) -> int:
    offset = max(0, min(offset, len(line)))
    if encoding == UTF8 or line.isascii():
        return offset
    return units(line[:offset].decode("utf-8", "replace"), encoding)


def position_of(lines: LineIndex, offset: int, encoding: str) -> tuple[int, int]:
    """(line, character) of a byte offset in the client's encoding."""
    data = lines.data
    offset = max(0, min(offset, len(data)))
    starts = lines.starts
    line = bisect_right(starts, offset) - 1
    start = starts[line]
    prefix = data[start:offset]
    if (encoding == UTF8 or prefix.isascii()) and not prefix.endswith(b"\r"):  # the usual case: no line slicing
        return line, offset - start
    return line, byte_to_column(lines.line_bytes(line), offset - start, encoding)


def offset_of(lines: LineIndex, line: int, character: int, encoding: str) -> int:
    """Byte offset of an LSP position; positions past a line's end or the document's end are clamped."""
    if line < 0:
        return 0
    if line >= len(lines.starts):
        return len(lines.data)
    return lines.starts[line] + column_to_byte(lines.line_bytes(line), character, encoding)


def uri_to_path(uri: str) -> str:
    """A file system path for file: URIs; "" for anything else (untitled:, etc.), never read from disk."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return ""
    path = unquote(parsed.path)
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # /C:/... on Windows
        path = path[1:]
    return path


def analysed_text(analysis: Analysis) -> tuple[SourceText, LineIndex]:
    """The text and line index of a document's analysis. A document's analysis always has them; only
    a file the CLI skips (too large, unreadable) is analysed without its text."""
    if analysis.source is None or analysis.lines is None:
        raise ValueError(f"{analysis.path}: an analysis without its text")
    return analysis.source, analysis.lines


# Incremental analyses whose median decides the adaptive debounce (analysis.adaptive_delay_ms).
RECENT_COSTS = 5


@dataclass
class Document:
    uri: str
    language_id: str
    language: str  # grammar name
    version: int
    data: bytes
    starts: list[int]
    path: str
    # Counts every change this server applied (client versions may arrive out of order).
    revision: int = 0
    analysis: Analysis | None = None  # the latest analysis, of the text at analysed_revision
    analysed_revision: int | None = None
    analysed_generation: int = -1  # the settings generation it was made with
    # Edits since `analysis`, each tagged with the revision it produced.
    pending: list[tuple[int, ByteEdit]] = field(default_factory=list)
    full_revision: int = 0  # the last revision that needs a full parse (opened, replaced whole)
    # A full analysis asked for the text as it is (a file it reads changed on disk): nothing was
    # edited, so the revisions alone cannot tell.
    full_requested: bool = False
    # How long the last few incremental analyses took on the worker (adaptive debounce).
    recent_costs_ms: list[float] = field(default_factory=list)

    def record_cost(self, cost_ms: float) -> None:
        self.recent_costs_ms = [*self.recent_costs_ms[-(RECENT_COSTS - 1) :], cost_ms]

    @property
    def typical_cost_ms(self) -> float:
        """The median of the last few incremental analyses: one slow pass (a collection, a busy
        machine) does not make the next keystrokes wait."""
        costs = sorted(self.recent_costs_ms)
        return costs[len(costs) // 2] if costs else 0.0

    facts: list[Fact] = field(default_factory=list)  # what the latest analysis read from other files
    _text_cache: tuple[bytes, str] | None = None

    @property
    def text(self) -> str:
        # Keyed on the bytes object itself (holding it), never on id(): ids are reused.
        if self._text_cache is None or self._text_cache[0] is not self.data:
            self._text_cache = (self.data, self.data.decode("utf-8", "replace"))
        return self._text_cache[1]

    def drop_text_cache(self) -> None:
        self._text_cache = None

    @property
    def lines(self) -> LineIndex:
        return line_index(self.data, self.starts)

    @property
    def display_path(self) -> str:
        return self.path or self.uri

    def replace_all(self, text: str, version: int) -> None:
        self.data = encode_text(text)
        self.starts = LineIndex(self.data).starts
        self.version = version
        self.revision += 1
        self.full_revision = self.revision
        self.pending.clear()

    def apply_change(
        self, start: tuple[int, int], end: tuple[int, int], new_text: str, version: int, encoding: str
    ) -> None:
        lines = self.lines
        start_byte = offset_of(lines, start[0], start[1], encoding)
        end_byte = max(start_byte, offset_of(lines, end[0], end[1], encoding))
        inserted = encode_text(new_text)
        old_starts = self.starts
        start_point = _point(old_starts, start_byte)
        old_end_point = _point(old_starts, end_byte)
        self.data = self.data[:start_byte] + inserted + self.data[end_byte:]
        new_end = start_byte + len(inserted)
        self.starts = update_line_starts(old_starts, self.data, start_byte, end_byte, new_end)
        self.version = version
        self.revision += 1
        edit = ByteEdit(start_byte, end_byte, new_end, start_point, old_end_point, _point(self.starts, new_end))
        self.pending.append((self.revision, edit))


def _point(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(starts, offset) - 1
    return line, offset - starts[line]


class DocumentStore:
    """Open documents by URI. Only the event loop mutates it; analysis works on snapshots."""

    def __init__(self) -> None:
        self._documents: dict[str, Document] = {}
        self.encoding = UTF16

    def get(self, uri: str) -> Document | None:
        return self._documents.get(uri)

    def __contains__(self, uri: str) -> bool:
        return uri in self._documents

    def __iter__(self):
        return iter(list(self._documents.values()))

    def __len__(self) -> int:
        return len(self._documents)

    def open(self, uri: str, language_id: str, version: int, text: str) -> Document | None:
        """Start tracking a document; None (and nothing kept) for languages backlint does not read."""
        spec = languages.for_lsp_id(language_id)
        if spec is None:
            path = uri_to_path(uri)
            # An editor without a mode for the format (`.tf` or `.env` as plain text) names it
            # generically: then the file name decides.
            generic = not language_id or language_id in GENERIC_LANGUAGE_IDS
            spec = languages.for_path(path) if path and generic else None
        if spec is None:
            return None
        data = encode_text(text)
        document = Document(
            uri=uri,
            language_id=language_id,
            language=spec.name,
            version=version,
            data=data,
            starts=LineIndex(data).starts,
            path=uri_to_path(uri),
        )
        self._documents[uri] = document
        return document

    def close(self, uri: str) -> Document | None:
        return self._documents.pop(uri, None)
