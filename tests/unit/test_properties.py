"""Java .properties files: the line reader against `Properties.load`'s rules, and the rendering bash's
grammar reads in their place (as long as the file, line breaks in place, one `NAME=VALUE` per entry at
the entry's own offsets, never a syntax error)."""

from __future__ import annotations

import random

import pytest

from backlint.core import engine, languages
from backlint.core.properties import entries, render, unescape


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(entry.key, entry.value) for entry in entries(text.encode("utf-8"))]


# What java.util.Properties.load reads from each text (checked by hand against its documentation).
@pytest.mark.parametrize(
    "text,expected",
    [
        ("a=b\n", [("a", "b")]),
        ("a = b\n", [("a", "b")]),
        ("a:b\n", [("a", "b")]),
        ("a : b\n", [("a", "b")]),
        ("a b\n", [("a", "b")]),
        ("a\t\tb\n", [("a", "b")]),
        ("   indented.key = value  \n", [("indented.key", "value  ")]),  # trailing blanks are the value's
        ("a==b\n", [("a", "=b")]),  # one separator only
        ("a = = b\n", [("a", "= b")]),
        ("a =:b\n", [("a", ":b")]),
        ("key\n", [("key", "")]),
        ("key=\n", [("key", "")]),
        ("=value\n", [("", "value")]),
        ("# a comment\n! another\n  # indented\n\n   \n", []),
        ("a=b # not a comment\n", [("a", "b # not a comment")]),
        ("a=one \\\n    two \\\n  three\n", [("a", "one two three")]),
        ("a=\\\n    value\n", [("a", "value")]),
        ("a=b\\\\\nc=d\n", [("a", "b\\"), ("c", "d")]),  # an even run of backslashes does not continue
        ("a=b\\\n# not a comment here\n", [("a", "b# not a comment here")]),
        ("# comment \\\nc=d\n", [("c", "d")]),  # a comment line is never continued
        ("ke\\\n  y=v\n", [("key", "v")]),
        ("a=end\\", [("a", "end")]),  # a backslash at the end of the file
        ("my\\ key\\:x\\=y=v\n", [("my key:x=y", "v")]),
        ("a=\\u0041\\t\\n\\r\\f\\b\\:\\=\\\\\n", [("a", "A\t\n\r\fb:=\\")]),
        ("a=\\uD83D\\uDE00\n", [("a", "\U0001f600")]),
        ("a=\\u12\n", [("a", "u12")]),  # malformed: Java refuses the file, the reader reads on
        ("a=b\r\nc=d\re=f", [("a", "b"), ("c", "d"), ("e", "f")]),
        ("ключ=значение\n", [("ключ", "значение")]),
        ("greeting=Don't panic\nnext.password=it's\n", [("greeting", "Don't panic"), ("next.password", "it's")]),
    ],
)
def test_the_reader_reads_what_properties_load_reads(text, expected):
    assert _pairs(text) == expected


def test_entries_know_where_their_key_and_value_lie():
    data = b"# head\n  spring.datasource.password = S3cret \\\n      tail\nx=\\\n  y\n"
    first, second = entries(data)
    assert data[first.key_start : first.key_end] == b"spring.datasource.password"
    assert data[first.value_start : first.value_end] == b"S3cret \\\n      tail"
    assert first.value == "S3cret tail" and first.continued
    assert data[first.line_end - 1 : first.line_end + 1] == b"\\\n"
    assert data[second.value_start : second.value_end] == b"y" and second.value_start > second.line_end


def test_unescape_leaves_plain_text_alone():
    assert unescape(b"plain ${X}") == "plain ${X}"


def _parse(data: bytes):
    return languages.new_parser("properties").parse(data)


def _check_rendering(data: bytes) -> None:
    rendered = render(data)
    assert len(rendered) == len(data)
    breaks = [i for i, byte in enumerate(data) if byte == 0x0A or (byte == 0x0D and data[i + 1 : i + 2] != b"\n")]
    assert [i for i, byte in enumerate(rendered) if byte == 0x0A] == breaks
    rendered.decode("utf-8")  # still text
    tree = _parse(data)
    assert not tree.root_node.has_error, (data, rendered)
    assignments = {node.start_byte: node for node in tree.root_node.children if node.type == "variable_assignment"}
    assert {node.type for node in tree.root_node.children} <= {"variable_assignment", "comment"}
    for entry in entries(data):
        node = assignments.pop(entry.key_start, None)
        # An entry with a key and a value is never left out, unless its key runs into a line break
        # (`ke\\`, `key\\`): a value on its first line, or on the next after a separator.
        on_first_line = entry.value_start < entry.line_end
        after_separator = entry.continued and entry.key_end < entry.line_end - 1
        assert node is not None or not (entry.key and entry.value and (on_first_line or after_separator)), entry
        if node is None:
            continue
        value = node.child_by_field_name("value")
        assert value is not None and value.end_byte == entry.line_end
        if not entry.continued and entry.value_end == entry.line_end:  # (not a `\\` ending the file)
            assert (value.start_byte, value.end_byte) == (entry.value_start, entry.value_end)
    assert assignments == {}


@pytest.mark.parametrize(
    "text",
    [
        "spring.datasource.password=123456\n",
        "a.b = c\nc.d: e\ne.f  g\n",
        "msg=Don't do it\nnext.password=abc & def; <x> $(y) `z` {a} [b] (c) | \"q\n",
        "long=one \\\n   two \\\n  three\nafter=x\n",
        "k\\\n ey=v\ncont=\\\n    value\nempty=\nlonely\n=novalue\n",
        "if=1\nthen=2\nfunction=3\n_=4\n9lives=5\n-dash=6\n",
        "中文.key=值\n  \t\f indented=x\r\ncrlf=y\r\nlone=z\rlast=end\\",
        "#!/bin/bash\n! bang\n  # spaced\n\\\n",
        "a=b\\\n\u00e9\u00e8=next line starts with a multi-byte character\n",
        "",
        "\n\n",
    ],
)
def test_bash_reads_the_rendering_entry_by_entry(text):
    _check_rendering(text.encode("utf-8"))


def test_bash_reads_any_rendering_entry_by_entry():
    """A seeded fuzz over the characters that break bash (quotes, operators, expansions, escapes,
    blanks, line breaks, non-ASCII): every rendering parses with one assignment per valued entry."""
    pieces = [
        "a", "Z", "9", "_", ".", "-", "=", ":", " ", "\t", "\f", "\\", "\\\n", "\n", "\r\n", "\r", "#", "!",
        "'", '"', "`", "$", "${X}", "$(", "(", ")", "{", "}", "[", "]", "<", ">", "&", "|", ";", "*", "?",
        "~", "%", "@", "+", ",", "/", "é", "值", "\\u0041", "password", "key",
    ]  # fmt: skip
    generator = random.Random(20240517)
    for _ in range(3000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 40)))
        _check_rendering(text.encode("utf-8"))


def test_a_properties_file_is_analysed_as_its_own_language():
    assert languages.for_path("src/main/resources/application-prod.properties").name == "properties"
    assert languages.for_lsp_id("jproperties").name == "properties"  # Neovim's filetype
    assert languages.for_lsp_id("properties") is None  # VS Code's id for .gitconfig too: the name decides
    analysis = engine.analyze(
        "spring.datasource.password=Tr1cky-Pa55\n", path="application.properties", language="properties"
    )
    assert [f.rule_id for f in analysis.findings] == ["BL305"]
    assert analysis.notes == []


def test_a_whole_reparse_replaces_an_edited_tree():
    """The rendering of a line can change with an edit on the line before (a trailing backslash joins
    it to the value), so the parser takes no old tree."""
    before = b"a=x\nb.password=Tr1cky-Pa55\n"
    after = b"a=x\\\nb.password=Tr1cky-Pa55\n"
    old = _parse(before)
    old.edit(
        start_byte=3, old_end_byte=3, new_end_byte=4, start_point=(0, 3), old_end_point=(0, 3), new_end_point=(0, 4)
    )
    tree = languages.new_parser("properties").parse(after, old)
    assert [node.type for node in tree.root_node.children] == ["variable_assignment", "comment"]
