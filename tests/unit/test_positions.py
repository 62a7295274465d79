import pytest

from backlint.core.positions import LineIndex
from backlint.core.source import SkipFile, decode


def test_line_breaks_are_lsp_line_breaks_only():
    text = "a\fb\r\nc\rd\ne\u2028f"
    index = LineIndex(text.encode())
    assert [index.line_text(n) for n in range(index.line_count)] == ["a\fb", "c", "d", "e\u2028f"]


def test_columns_count_code_points():
    data = "x = 'é中😀'; y\n".encode()
    index = LineIndex(data)
    offset = data.index(b"y")
    assert index.point(offset).column == len("x = 'é中😀'; ")
    assert index.offset(0, index.point(offset).column) == offset


def test_offsets_clamp_past_the_end():
    index = LineIndex(b"ab\ncd")
    assert index.offset(7, 0) == 5
    assert index.offset(1, 99) == 5
    assert index.point(99).line == 1


def test_decode_handles_bom_cookie_and_invalid_bytes():
    assert decode(b"\xef\xbb\xbfx = 1\n", language="python").text == "x = 1\n"
    latin = "# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n".encode("latin-1")
    assert "café" in decode(latin, language="python").text
    broken = decode(b"x = '\xff\xfe'\n", language="python")
    assert broken.replaced_invalid and "\ufffd" in broken.text


def test_decode_refuses_binary_and_oversized():
    with pytest.raises(SkipFile, match="binary"):
        decode(b"\x00\x01\x02", language="python")
    with pytest.raises(SkipFile, match="limit"):
        decode(b"x" * 11, language="python", max_bytes=10)
