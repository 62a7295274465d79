"""Promise 1: analysis never raises, whatever the bytes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backlint.core import engine, languages
from backlint.core.model import Finding
from backlint.core.roles import SERVER_CODE
from backlint.core.source import SkipFile, decode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LANGS = ["python", "javascript", "typescript", "tsx", "go", "java"]


def _inside(finding: Finding, data: bytes) -> bool:
    return 0 <= finding.span.start_byte <= finding.span.end_byte <= len(data)


def _analyze_bytes(raw: bytes, language: str):
    try:
        source = decode(raw, language=language)
    except SkipFile:
        return None
    analysis = engine.analyze(source, path=f"x.{language}", language=language)
    assert not analysis.failed, analysis.notes
    for finding in analysis.findings:
        assert _inside(finding, source.data)
    return analysis


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xef\xbb\xbf",
        b"x",
        b"def f(:\n  try:\n",
        b"\xff\xfe\xfd garbage \x80\x81",
        b"{" * 5000,
        b"}" * 5000,
        "é中😀\r\n\r\u2028\f".encode(),
        b"no trailing newline at all",
    ],
    ids=[
        "empty",
        "bom-only",
        "one-char",
        "syntax-error",
        "invalid-utf8",
        "open-braces",
        "close-braces",
        "unicode",
        "no-newline",
    ],
)
def test_odd_inputs_never_raise(language, raw):
    _analyze_bytes(raw, language)


def test_nul_bytes_mean_binary():
    with pytest.raises(SkipFile, match="binary"):
        decode(b"print('x')\x00\x00", language="python")


def test_pep263_cookie_positions_are_on_decoded_text():
    raw = "# -*- coding: cp1252 -*-\ntry:\n    x = '\u20ac\u20ac'\nexcept Exception:\n    pass\n".encode("cp1252")
    analysis = _analyze_bytes(raw, "python")
    [finding] = [f for f in analysis.findings if f.rule_id == "BL201"]
    assert (finding.span.start.line, finding.span.start.column) == (3, 0)


def test_deep_nesting_is_reported_not_a_crash():
    analysis = engine.analyze("x = " + "[" * 100_000 + "]" * 100_000 + "\n", path="deep.py", language="python")
    assert any("too deeply nested" in note.message for note in analysis.notes)


def test_runaway_syntax_error_is_reported_not_a_hang():
    # One huge line reads as minified (generated) code, where no rule runs: ask for server code.
    analysis = engine.analyze(
        "x = " + "(" * 100_000 + ")" * 100_000 + ";\n", path="deep.js", language="javascript", role=SERVER_CODE
    )
    assert any("too complex" in note.message for note in analysis.notes)


def test_one_megabyte_line_finishes():
    line = "password = '" + "a1B2c3D4" * 131_072 + "'\n"
    analysis = engine.analyze(line, path="big.py", language="python", role=SERVER_CODE)
    assert not analysis.failed


def test_oversized_file_is_one_note(tmp_path: Path):
    path = tmp_path / "big.py"
    path.write_bytes(b"x = 1\n" * 1_000_000)
    analysis = engine.analyze_file(path)
    assert [n.kind for n in analysis.notes] == ["skipped"] and "limit" in analysis.notes[0].message
    assert analysis.tree is None


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and languages.for_path(p) is not None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_byte_mutations_of_fixtures(data):
    files = _fixture_files()
    assume_files = files or [Path(__file__)]
    path = data.draw(st.sampled_from(assume_files))
    raw = bytearray(path.read_bytes())
    seed = data.draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 20)):
        op = rng.choice(("flip", "insert", "delete"))
        position = rng.randrange(len(raw) + 1)
        if op == "flip" and raw:
            raw[min(position, len(raw) - 1)] = rng.randrange(256)
        elif op == "insert":
            raw[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif raw:
            del raw[position : position + rng.randint(1, 8)]
    language = languages.for_path(path).name
    first = _analyze_bytes(bytes(raw), language)
    second = _analyze_bytes(bytes(raw), language)
    if first is not None:
        assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
