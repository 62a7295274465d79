"""Incremental re-analysis gives the same findings as analysing the whole text again."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from backlint.core import engine, incremental, languages
from backlint.core.config import Settings
from backlint.core.source import from_text
from backlint.lsp.documents import UTF8, DocumentStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SNIPPETS = [
    "pass",
    "raise",
    "\n",
    "    ",
    "except Exception:\n        pass\n",
    "x",
    "#",
    "'",
    "logger.exception('x')\n",
    "}",
    "catch (e) {}",
    "err",
    "await ",
    "//",
    "`${",
]


def _keys(analysis):
    return sorted(
        (f.rule_id, f.span.start_byte, f.span.end_byte, f.span.start, f.message, f.suppressed)
        for f in analysis.findings
    )


FIXTURE_FILES = sorted(p for p in FIXTURES.glob("*/*") if languages.for_path(p) is not None)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_random_edits_reanalyse_like_a_full_analysis(fixture):
    rng = random.Random(fixture.name)
    text = fixture.read_text(encoding="utf-8")
    language = languages.for_path(fixture).name
    store = DocumentStore()
    store.encoding = UTF8
    document = store.open(fixture.as_uri(), "", 1, text)
    settings = Settings()
    analysis = engine.analyze(from_text(text), path=str(fixture), language=language, settings=settings)
    compared = 0
    for version in range(2, 26):
        lines = document.lines
        line = rng.randrange(lines.line_count)
        column = rng.randint(0, len(lines.line_bytes(line)))
        while column and (lines.line_bytes(line)[column : column + 1] or b"a")[0] & 0xC0 == 0x80:
            column -= 1
        end_column = min(len(lines.line_bytes(line)), column + rng.randint(0, 6))
        while (lines.line_bytes(line)[end_column : end_column + 1] or b"a")[0] & 0xC0 == 0x80:
            end_column -= 1
        document.apply_change((line, column), (line, max(column, end_column)), rng.choice(SNIPPETS), version, UTF8)
        edits = [edit for _rev, edit in document.pending]
        source = from_text(document.text)
        analysis = incremental.reanalyze(analysis, edits, source, settings, document.starts)
        document.pending.clear()
        full = engine.analyze(from_text(document.text), path=str(fixture), language=language, settings=settings)
        outside = [f for f in analysis.findings if not 0 <= f.span.start_byte <= f.span.end_byte <= len(document.data)]
        assert not outside, (version, [(f.rule_id, f.span) for f in outside], len(document.data))
        if full.tree.root_node.has_error:
            # Error recovery can reshape the tree far from the edit; such findings settle at the
            # next full pass (on save). Exactness is promised for text that parses: start again.
            document.replace_all(text, version)
            analysis = engine.analyze(from_text(text), path=str(fixture), language=language, settings=settings)
            continue
        compared += 1
        assert _keys(analysis) == _keys(full), f"after edit {version}"
        assert [f.fingerprint for f in analysis.findings] == [f.fingerprint for f in full.findings]
    assert compared >= 3


def test_findings_far_from_the_edit_are_kept_and_moved():
    text = "def a():\n    try:\n        x()\n    except Exception:\n        pass\n" * 3
    settings = Settings()
    before = engine.analyze(from_text(text), path="m.py", language="python", settings=settings)
    assert len(before.findings) == 3
    store = DocumentStore()
    store.encoding = UTF8
    document = store.open("file:///m.py", "python", 1, text)
    document.apply_change((0, 0), (0, 0), "import logging\n\n", 2, UTF8)
    after = incremental.reanalyze(
        before, [e for _r, e in document.pending], from_text(document.text), settings, document.starts
    )
    assert [f.span.start.line for f in after.findings] == [f.span.start.line + 2 for f in before.findings]


@pytest.mark.parametrize("fixture", FIXTURE_FILES[::3], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_repaired_text_reanalyses_exactly_after_broken_states(fixture):
    """Typing through syntax errors and out again: once the text parses, the findings are exactly
    a full analysis' (re-analysis restarts from the last clean one), with no full pass between."""
    rng = random.Random("repair-" + fixture.name)
    text = fixture.read_text(encoding="utf-8")
    language = languages.for_path(fixture).name
    if language == "kotlin":
        # tree-sitter-kotlin 1.1.0's error recovery takes minutes on some broken states of this file
        # (a `]` typed after `return limit`): a grammar defect, with no parse timeout in tree-sitter
        # 0.26 to bound it. Re-enable when a fixed wheel exists.
        pytest.skip("tree-sitter-kotlin 1.1.0 error recovery is pathologically slow on some broken text")
    settings = Settings()
    store = DocumentStore()
    store.encoding = UTF8
    document = store.open(fixture.as_uri(), "", 1, text)
    analysis = engine.analyze(from_text(text), path=str(fixture), language=language, settings=settings)
    version = 1
    repaired = 0
    for _ in range(8):
        lines = document.lines
        line = rng.randrange(lines.line_count)
        line_bytes = lines.line_bytes(line)
        if not line_bytes.isascii():
            continue
        column = rng.randint(0, len(line_bytes))
        broken_by = rng.choice(["(", "'", "`${", "{", "]]", "1 1"])
        # Break it, type on, then take it all back character by character.
        typed = broken_by + rng.choice(["", "x", "x y"])
        for count in range(1, len(typed) + 1):
            version += 1
            document.apply_change(
                (line, column + count - 1), (line, column + count - 1), typed[count - 1], version, UTF8
            )
            analysis = _step(analysis, document, settings)
        for count in range(len(typed), 0, -1):
            version += 1
            document.apply_change((line, column + count - 1), (line, column + count), "", version, UTF8)
            analysis = _step(analysis, document, settings)
        assert document.text == text
        full = engine.analyze(from_text(document.text), path=str(fixture), language=language, settings=settings)
        if full.tree.root_node.has_error:
            continue  # the fixture itself does not parse cleanly
        repaired += 1
        assert _keys(analysis) == _keys(full)
        assert [f.fingerprint for f in analysis.findings] == [f.fingerprint for f in full.findings]
    assert repaired >= 1


def _step(analysis, document, settings):
    edits = [edit for _rev, edit in document.pending]
    document.pending.clear()
    return incremental.reanalyze(analysis, edits, from_text(document.text), settings, document.starts)


def test_net_edit_is_the_smallest_single_replacement():
    old, new = b"abc\ndef\nghi\n", b"abc\ndXf\nghi\n"
    edit = incremental.net_edit(old, new)
    assert (edit.start, edit.old_end, edit.new_end) == (5, 6, 6)
    assert (edit.start_point, edit.old_end_point, edit.new_end_point) == ((1, 1), (1, 2), (1, 2))
    same = incremental.net_edit(old, old)
    assert same.start == same.old_end == same.new_end
    grown = incremental.net_edit(b"a" * 10_000, b"a" * 10_001)  # ambiguous: any one place will do
    assert grown.new_end - grown.start == 1 and grown.old_end == grown.start
    assert old[: edit.start] + new[edit.start : edit.new_end] + old[edit.old_end :] == new


def test_a_long_broken_stretch_stops_going_back_to_the_clean_text():
    settings = Settings()
    text = "def handler(event):\n    return event\n"
    clean = engine.analyze(from_text(text), path="svc.py", language="python", settings=settings)
    broken_text = text + "x = (\n"
    store = DocumentStore()
    store.encoding = UTF8
    document = store.open("file:///svc.py", "python", 1, text)
    document.apply_change((2, 0), (2, 0), "x = (\n", 2, UTF8)
    broken = _step(clean, document, settings)
    assert broken.tree.root_node.has_error and broken.clean_ancestor is clean
    filler = "    1,\n" * (incremental.CLEAN_RESTART_LIMIT // 7 + 10)
    document.apply_change((3, 0), (3, 0), filler, 3, UTF8)
    longer = _step(broken, document, settings)
    assert document.text == broken_text + filler
    assert longer.tree.root_node.has_error and longer.clean_ancestor is None
