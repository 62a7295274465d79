"""Turning file bytes into the text the engine parses.

The engine always parses UTF-8: other encodings (a PEP 263 cookie) are decoded and re-encoded,
invalid bytes become U+FFFD, a UTF-8 BOM is dropped. Positions are on the decoded text, which is
what an editor shows.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 2_000_000

_CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class SkipFile(Exception):
    """The file is not analysed; the message says why, for the user."""


@dataclass
class SourceText:
    text: str
    data: bytes  # the UTF-8 encoding of text, what tree-sitter sees
    had_bom: bool = False
    replaced_invalid: bool = False
    encoding: str = "utf-8"


def looks_binary(raw: bytes) -> bool:
    # NUL bytes do not occur in source text; checking the head is what git does too.
    return b"\x00" in raw[:8192]


def _cookie_encoding(raw: bytes) -> str | None:
    for line in raw.split(b"\n", 2)[:2]:
        match = _CODING_COOKIE.match(line)
        if match:
            name = match.group(1).decode("ascii", "replace")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def decode(raw: bytes, *, language: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES) -> SourceText:
    """Decode file bytes; raise SkipFile for binary or oversized input."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise SkipFile(f"file is {len(raw):,} bytes, over the {max_bytes:,}-byte limit")
    if looks_binary(raw):
        raise SkipFile("binary file (contains NUL bytes)")
    had_bom = raw.startswith(codecs.BOM_UTF8)
    if had_bom:
        raw = raw[len(codecs.BOM_UTF8) :]
    encoding = "utf-8"
    if language == "python" and not had_bom:
        encoding = _cookie_encoding(raw) or "utf-8"
    try:
        text = raw.decode(encoding)
        replaced = False
    except (UnicodeDecodeError, LookupError):
        text = raw.decode(encoding if encoding != "utf-8" else "utf-8", "replace")
        replaced = True
    return from_text(text, had_bom=had_bom, replaced_invalid=replaced, encoding=encoding)


def from_text(
    text: str, *, had_bom: bool = False, replaced_invalid: bool = False, encoding: str = "utf-8"
) -> SourceText:
    """Text from an editor buffer: already decoded."""
    # Lone surrogates cannot be encoded; an editor can still send them. Each becomes one "?",
    # so code-point columns stay the same.
    data = text.encode("utf-8", "replace")
    return SourceText(text=text, data=data, had_bom=had_bom, replaced_invalid=replaced_invalid, encoding=encoding)
