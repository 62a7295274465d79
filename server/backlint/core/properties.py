"""Java `.properties` files: a line reader by `java.util.Properties.load`'s rules, and the text that
bash's grammar reads in their place.

Why not a grammar: PyPI has no tree-sitter wheel for the format (`tree-sitter-property-list` is
Apple's plist), and the grammars backlint has read it badly. Bash, which reads `.env` files, sees
`spring.datasource.password=123456` as a command word, ends a value at `&`, `;`, `<` or a blank, and
lets one apostrophe (`greeting=Don't`) swallow the entries after it; TOML and YAML leave most of a real
Spring file unreadable. So the format is read here (comment lines, `=`, `:` and blank separators,
backslash continuations, `\\uXXXX` and the other escapes), and `render` gives the engine a text for
bash's grammar, byte for byte as long as the file and with its line breaks where they are: each entry
becomes `NAME=VALUE`, its name where the key is and its value where the value starts, comments stay
comments. The queries and the engine work on that ordinary tree with the file's own offsets; the
checks read keys and values from `entries` (through `checks/config_keys.py`), never from the rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANKS = b" \t\f"
_SEPARATORS = b"=:"
_BACKSLASH = 0x5C


@dataclass(frozen=True)
class Entry:
    """One `key=value` of the file: the key and value as `Properties.load` gives them (escapes
    decoded, continuation lines joined), and where their raw text lies (byte offsets)."""

    key: str
    value: str
    key_start: int
    key_end: int
    value_start: int  # the value's first byte (on a later line when the value starts after a `\`)
    value_end: int  # the end of its last line, before the line break
    line_end: int  # the end of the entry's first line, before the line break (a `\` included)
    continued: bool  # the entry goes on over the next line(s)


def _lines(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each line, without its break (`\\n`, `\\r\\n` or a lone `\\r`, as Java reads)."""
    lines = []
    start = 0
    size = len(data)
    for match in _BREAK.finditer(data):
        lines.append((start, match.start()))
        start = match.end()
    if start < size or not lines:
        lines.append((start, size))
    return lines


_BREAK = re.compile(rb"\r\n|\r|\n")


def _skip_blanks(data: bytes, at: int, end: int) -> int:
    while at < end and data[at] in _BLANKS:
        at += 1
    return at


def _continues(data: bytes, start: int, end: int) -> bool:
    """The line ends in an odd number of backslashes: the next line goes on with it."""
    count = 0
    while end - count > start and data[end - count - 1] == _BACKSLASH:
        count += 1
    return count % 2 == 1


class _Logical:
    """One logical line: its pieces of text (start, end) on the file's lines, continuation backslashes
    and the next lines' leading blanks left out, and the map from its indices back to the file."""

    def __init__(self, pieces: list[tuple[int, int]], data: bytes):
        self.pieces = pieces
        self.text = b"".join(data[start:end] for start, end in pieces)

    def offset(self, index: int, *, opening: bool) -> int:
        """The file offset of index `index`; at a piece boundary the next piece's start when the index
        opens something (a value), else the previous piece's end."""
        for start, end in self.pieces:
            length = end - start
            if index < length or (index == length and not opening):
                return start + index
            index -= length
        return self.pieces[-1][1]


def entries(data: bytes) -> list[Entry]:
    """The file's entries in order (a key given twice appears twice; the last one wins in Java)."""
    lines = _lines(data)
    found = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        first = _skip_blanks(data, start, end)
        index += 1
        if first == end or data[first] in b"#!":
            continue  # a blank or comment line (never continued)
        pieces = [(first, end)]
        while _continues(data, *pieces[-1]) and index < len(lines):
            piece_start, piece_end = pieces[-1]
            pieces[-1] = (piece_start, piece_end - 1)
            next_start, next_end = lines[index]
            index += 1
            pieces.append((_skip_blanks(data, next_start, next_end), next_end))
        if _continues(data, *pieces[-1]):  # a backslash on the last line of the file: dropped
            pieces[-1] = (pieces[-1][0], pieces[-1][1] - 1)
        found.append(_entry(_Logical(pieces, data), end))
    return found


def _entry(line: _Logical, line_end: int) -> Entry:
    text = line.text
    size = len(text)
    key_end = 0
    separated = False
    escaped = False
    while key_end < size:
        char = text[key_end]
        if not escaped and char in _SEPARATORS:
            separated = True
            break
        if not escaped and char in _BLANKS:
            break
        escaped = char == _BACKSLASH and not escaped
        key_end += 1
    value_start = key_end + 1 if key_end < size else size
    while value_start < size:
        char = text[value_start]
        if char not in _BLANKS:
            if separated or char not in _SEPARATORS:
                break
            separated = True
        value_start += 1
    key_start = line.offset(0, opening=True)  # (a first line of just `\\` puts the key on the next)
    return Entry(
        key=unescape(text[:key_end]),
        value=unescape(text[value_start:]),
        key_start=key_start,
        key_end=line.offset(key_end, opening=False) if key_end else key_start,
        value_start=line.offset(value_start, opening=True),
        value_end=line.pieces[-1][1],
        line_end=line_end,
        continued=len(line.pieces) > 1,
    )


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.)|$)", re.DOTALL)
_CONTROLS = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _escaped(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return chr(int(match.group(1), 16))
    char = match.group(2)
    if char is None:
        return ""
    return _CONTROLS.get(char, char)  # `\:` is `:`, `\b` is `b`; a malformed `\u12` reads as `u12`


def unescape(raw: bytes) -> str:
    """A key or value as Java reads it: `\\uXXXX` (surrogate pairs joined), `\\t`, `\\n`, `\\r`, `\\f`,
    and any other escaped character as itself."""
    text = raw.decode("utf-8", "replace")
    if "\\" not in text:
        return text
    text = _ESCAPE.sub(_escaped, text)
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


# ----------------------------------------------------------------------------- the text bash reads

# Bytes a rendered name keeps (letters, digits, `_`) and a rendered value keeps (also `./:@%+,=-`, the
# characters provider tokens and URLs are made of): every other byte is `_`, which bash reads as part
# of the word. Queries' text predicates see this rendering, so they test for `_` where a blank is.
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_VALUE_BYTES = _NAME_BYTES | frozenset(b"./:@%+,=-")
_AS_NAME = bytes(byte if byte in _NAME_BYTES else 0x5F for byte in range(256))
_AS_VALUE = bytes(byte if byte in _VALUE_BYTES else 0x5F for byte in range(256))
_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def render(data: bytes) -> bytes:
    """The file as bash's grammar should read it: as long, with its line breaks in place (a lone `\\r`
    becomes `\\n`, which bash needs; `\\r` before `\\n` a blank). An entry with a value is
    `NAME=VALUE` on its first line (the name over the key and any blanks before the separator, the
    value from its first byte on that line); the lines it continues on, comments and entries without
    a value are comments. Nothing else is in the text, so bash reads it without an error."""
    out = bytearray(data)
    for start, end in _lines(data):
        _as_comment(out, start, end)
    for match in _BREAK.finditer(data):
        if match.group() == b"\r\n":
            out[match.start()] = 0x20
        elif match.group() == b"\r":
            out[match.start()] = 0x0A
    for entry in entries(data):
        _as_assignment(out, data, entry)
    return bytes(out)


def _as_comment(out: bytearray, start: int, end: int) -> None:
    """A line bash reads as a comment (or blank): its first non-blank byte becomes `#`; blanks
    become spaces. The rest keeps its text (a comment's tokens are still visible to queries)."""
    first = start
    while first < end and out[first] in _BLANKS:
        out[first] = 0x20
        first += 1
    if first < end:
        out[first] = 0x23  # '#'
        first += 1
        while first < end and 0x80 <= out[first] < 0xC0:
            out[first] = 0x5F  # the rest of a character whose first byte `#` replaced: keep UTF-8 valid
            first += 1


def _as_assignment(out: bytearray, data: bytes, entry: Entry) -> None:
    r"""`NAME=VALUE` over the entry's first line. The value runs to the line's end, its continuation
    backslash included (as `_`: a `\` there would join the next line to the value); a value that
    starts on the next line is stood for by that backslash."""
    line_end = entry.line_end
    if entry.value_start < line_end:
        value_start = entry.value_start
    elif entry.continued:
        value_start = line_end - 1
    else:
        return  # no value: the line stays a comment
    name_end = value_start - 1  # where `=` goes: after the key and the blanks or separator after it
    if entry.key_start >= name_end or entry.key_end > name_end:
        return  # no key, or one broken over lines: the line stays a comment
    out[entry.key_start : name_end] = data[entry.key_start : name_end].translate(_AS_NAME)
    if out[entry.key_start] not in _LETTERS:
        out[entry.key_start] = 0x78  # 'x': a bash name starts with a letter (`_` alone is no name)
    out[name_end] = 0x3D  # '='
    out[value_start:line_end] = data[value_start:line_end].translate(_AS_VALUE)
