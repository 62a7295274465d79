"""The server's document store: edits applied as the client applies them, in every encoding."""

from __future__ import annotations

import random

import pytest

from backlint.core.positions import LineIndex
from backlint.lsp.documents import UTF8, UTF16, UTF32, DocumentStore, offset_of, position_of

ENCODINGS = [UTF8, UTF16, UTF32]
# Characters LSP does not treat as line breaks (pygls' TextDocument does), and ones it does.
ALPHABET = ["a", "b", " ", "é", "中", "😀", "\f", "\v", "\u2028", "\x85", "\x1c", "\n", "\r\n", "\r"]


def _lsp_lines(text: str) -> list[str]:
    out, current, i = [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            out.append(current)
            current, i = "", i + 2
            continue
        if ch in "\r\n":
            out.append(current)
            current, i = "", i + 1
            continue
        current += ch
        i += 1
    out.append(current)
    return out


def _units(text: str, encoding: str) -> int:
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    if encoding == UTF32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _to_position(text: str, index: int, encoding: str) -> tuple[int, int]:
    lines = _lsp_lines(text[:index])
    return len(lines) - 1, _units(lines[-1], encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_random_edits_match_plain_string_edits(encoding):
    rng = random.Random(7)
    store = DocumentStore()
    store.encoding = encoding
    text = "".join(rng.choice(ALPHABET) for _ in range(40))
    document = store.open("file:///tmp/x.py", "python", 1, text)
    for version in range(2, 400):
        # Edit boundaries on whole characters, but never inside a \r\n pair (a client never does that).
        start = rng.randint(0, len(text))
        end = min(len(text), start + rng.randint(0, 5))
        if text[start - 1 : start + 1] == "\r\n" or text[end - 1 : end + 1] == "\r\n":
            continue
        new = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 4)))
        document.apply_change(
            _to_position(text, start, encoding), _to_position(text, end, encoding), new, version, encoding
        )
        text = text[:start] + new + text[end:]
        assert document.data == text.encode("utf-8")
        assert document.starts == LineIndex(document.data).starts
    assert document.text == text
    assert len(document.pending) > 100


def test_form_feed_stays_on_its_line():
    store = DocumentStore()
    document = store.open("file:///tmp/x.py", "python", 1, "a = 1\n\fb = 2\nc = 3\n")
    document.apply_change((2, 0), (2, 1), "C", 2, UTF16)
    assert document.text == "a = 1\n\fb = 2\nC = 3\n"


@pytest.mark.parametrize(
    "encoding, character, expected_byte",
    [(UTF8, 3, 3), (UTF8, 2, 1), (UTF16, 2, 3), (UTF16, 3, 6), (UTF16, 4, 6), (UTF32, 2, 3), (UTF32, 3, 6)],
)
def test_columns_convert_and_never_split_a_character(encoding, character, expected_byte):
    # "aé中😀": a=1 byte, é=2, 中=3, 😀=4 bytes; UTF-16: 1,1,1,2 units.
    lines = LineIndex("aé中😀\n".encode())
    assert offset_of(lines, 0, character, encoding) == expected_byte


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_round_trip_and_clamp(encoding):
    text = "x = 'é中😀'\nsecond\n"
    lines = LineIndex(text.encode())
    for index in range(len(text) + 1):
        line, character = _to_position(text, index, encoding)
        offset = offset_of(lines, line, character, encoding)
        assert offset == len(text[:index].encode())
        assert position_of(lines, offset, encoding) == (line, character)
    assert offset_of(lines, 0, 500, encoding) == len("x = 'é中😀'".encode())
    assert offset_of(lines, 99, 0, encoding) == len(text.encode())
    assert offset_of(lines, -3, 0, encoding) == 0


def test_other_languages_are_not_kept_and_untitled_has_no_path():
    store = DocumentStore()
    assert store.open("file:///tmp/notes.md", "markdown", 1, "# hi") is None
    assert "file:///tmp/notes.md" not in store
    untitled = store.open("untitled:Untitled-1", "python", 1, "x = 1\n")
    assert untitled is not None and untitled.path == ""


def test_lone_surrogates_become_one_character():
    store = DocumentStore()
    document = store.open("file:///tmp/x.py", "python", 1, "s = '\ud800'\n")
    assert document.data == b"s = '?'\n"
