"""Property tests: the server's document store against a plain string, diagnostics inside their
document, deterministic analysis, and every deterministic fix checked by re-analysis done here.

Hypothesis runs are bounded (examples and no deadline) so the module stays within seconds.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backlint.core import engine, languages
from backlint.core.fixes import compute_fix
from backlint.lsp.convert import to_diagnostic
from backlint.lsp.documents import UTF8, UTF16, UTF32, DocumentStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENCODINGS = [UTF8, UTF16, UTF32]
LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Characters of every width in every encoding, and the separators LSP does not break lines at.
CHARS = st.one_of(
    st.sampled_from([*"abc xyz_=()'\"\t", "é", "中", "😀", "\U0001d518", "\u2028", "\x0c", "\u0301", "\ufeff"]),
    st.characters(blacklist_categories=("Cs",), max_codepoint=0x1FFFF),
)
TEXT = st.lists(st.text(CHARS, max_size=12), max_size=8).flatmap(
    lambda lines: st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)).map(
        lambda breaks: "".join(line + brk for line, brk in zip(lines, breaks, strict=True))
    )
)


# -- a reference model of LSP positions, written from the specification --------------------------


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


def units(text: str, encoding: str) -> int:
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    if encoding == UTF16:
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def line_content_end(text: str, starts: list[int], line: int) -> int:
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    while end > starts[line] and text[end - 1] in "\r\n":
        end -= 1
    return end


def position(text: str, offset: int, encoding: str) -> tuple[int, int]:
    starts = line_starts(text)
    line = max(n for n, s in enumerate(starts) if s <= offset)
    return line, units(text[starts[line] : offset], encoding)


def valid_offsets(text: str) -> list[int]:
    """Code point offsets an LSP position can name (never between the \\r and \\n of one break)."""
    return [i for i in range(len(text) + 1) if not (0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n")]


@st.composite
def edit_scripts(draw):
    text = draw(TEXT)
    steps = []
    current = text
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 9)) == 0:
            new = draw(TEXT)
            steps.append(("all", new))
            current = new
            continue
        offsets = valid_offsets(current)
        a, b = sorted((draw(st.sampled_from(offsets)), draw(st.sampled_from(offsets))))
        new_text = draw(TEXT | st.text(CHARS, max_size=4))
        overshoot = draw(st.sampled_from([0, 0, 0, 5]))  # a character past the end of the line
        steps.append(("range", a, b, new_text, overshoot))
        current = current[:a] + new_text + current[b:]
    return text, steps


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=edit_scripts(), encoding=st.sampled_from(ENCODINGS))
def test_document_store_edits_equal_plain_string_edits(script, encoding):
    text, steps = script
    store = DocumentStore()
    store.encoding = encoding
    document = store.open("file:///t/x.py", "python", 1, text)
    expected = text
    for version, step in enumerate(steps, start=2):
        if step[0] == "all":
            expected = step[1]
            document.replace_all(expected, version)
        else:
            _kind, a, b, new_text, overshoot = step
            start, end = position(expected, a, encoding), position(expected, b, encoding)
            if overshoot and b == line_content_end(expected, line_starts(expected), end[0]):
                end = (end[0], end[1] + overshoot)  # past the end of its line: clamped to the same place
            document.apply_change(start, end, new_text, version, encoding)
            expected = expected[:a] + new_text + expected[b:]
        assert document.text == expected
        data = expected.encode("utf-8")
        assert document.data == data
        assert document.starts == [len(expected[:s].encode("utf-8")) for s in line_starts(expected)]
        assert document.version == version


# -- diagnostics inside the document, analysis deterministic --------------------------------------


def _fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and languages.for_path(p) is not None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), encoding=st.sampled_from(ENCODINGS))
def test_diagnostics_lie_inside_the_document_and_analysis_is_deterministic(data, encoding):
    path = data.draw(st.sampled_from(_fixtures()))
    language = languages.for_path(path).name
    store = DocumentStore()
    store.encoding = encoding
    text = path.read_text(encoding="utf-8")
    document = store.open(path.as_uri(), "", 1, text)
    assert document is not None and document.language == language
    # Random edits through the store, as an editor would make them.
    for version in range(2, data.draw(st.integers(2, 6))):
        current = document.text
        offsets = valid_offsets(current)
        a, b = sorted((data.draw(st.sampled_from(offsets)), data.draw(st.sampled_from(offsets))))
        if b - a > 200:
            b = a + 200
            if b not in offsets:
                b += 1
        document.apply_change(
            position(current, a, encoding),
            position(current, b, encoding),
            data.draw(st.text(CHARS, max_size=20)),
            version,
            encoding,
        )
    first = engine.analyze(document.text, path=str(path), language=language)
    second = engine.analyze(document.text, path=str(path), language=language)
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
    text = document.text
    starts = line_starts(text)
    for finding in first.active():
        diagnostic = to_diagnostic(finding, first.lines, document.uri, encoding, "https://example.invalid")
        start, end = diagnostic.range.start, diagnostic.range.end
        assert (start.line, start.character) <= (end.line, end.character)
        for pos in (start, end):
            assert 0 <= pos.line < len(starts)
            limit = units(text[starts[pos.line] : line_content_end(text, starts, pos.line)], encoding)
            # The end of a range may sit just after a line's last character, or at the next line's start.
            assert 0 <= pos.character <= limit, (finding.rule_id, pos, limit)


# -- deterministic fixes, checked without the fixer's own verification ----------------------------


def _error_nodes(tree) -> int:
    count = 0
    cursor = tree.walk()
    while True:
        node = cursor.node
        if node.is_error or node.is_missing:
            count += 1
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return count


def _apply(data: bytes, edits) -> tuple[bytes, int]:
    """The edited bytes, applied last first; and how far an offset after all edits moves."""
    out = data
    for edit in sorted(edits, key=lambda e: (e.start_byte, e.end_byte), reverse=True):
        assert 0 <= edit.start_byte <= edit.end_byte <= len(data), "an edit outside the document"
        out = out[: edit.start_byte] + edit.new_text.encode("utf-8") + out[edit.end_byte :]
    return out, len(out) - len(data)


def _fix_cases():
    cases = []
    for path in _fixtures():
        language = languages.for_path(path).name
        analysis = engine.analyze(path.read_text(encoding="utf-8"), path=str(path), language=language)
        for finding in analysis.active():
            if finding.fix and compute_fix(analysis, finding) is not None:  # offered on this finding
                cases.append(
                    pytest.param(
                        path,
                        finding.fingerprint,
                        id=f"{path.parent.name}/{path.name}:{finding.span.start.line + 1}:{finding.rule_id}",
                    )
                )
    return cases


FIX_CASES = _fix_cases()


def test_fixes_are_offered_somewhere():
    assert len(FIX_CASES) >= 20


@pytest.mark.parametrize(("path", "fingerprint"), FIX_CASES)
def test_every_deterministic_fix_reparses_removes_its_finding_and_adds_none(path: Path, fingerprint: str):
    language = languages.for_path(path).name
    analysis = engine.analyze(path.read_text(encoding="utf-8"), path=str(path), language=language)
    finding = next(f for f in analysis.findings if f.fingerprint == fingerprint)
    fix = compute_fix(analysis, finding)
    assert fix is not None
    data = analysis.source.data
    fixed, _shift = _apply(data, fix.edits)
    after = engine.analyze(fixed.decode("utf-8"), path=str(path), language=language)
    assert _error_nodes(after.tree) <= _error_nodes(analysis.tree), "the fix does not parse"
    before_rules = Counter(f.rule_id for f in analysis.active())
    after_rules = Counter(f.rule_id for f in after.active())
    assert after_rules[finding.rule_id] < before_rules[finding.rule_id], "the finding is still there"
    added = {rule: n - before_rules[rule] for rule, n in after_rules.items() if n > before_rules[rule]}
    assert not added, f"the fix adds findings: {added}"
    # The finding's own place is clean: nothing of its rule starts where it started (edits before it shift it).
    moved_start = finding.span.start_byte + sum(
        len(e.new_text.encode("utf-8")) - (e.end_byte - e.start_byte)
        for e in fix.edits
        if e.end_byte <= finding.span.start_byte
    )
    assert not [f for f in after.active() if f.rule_id == finding.rule_id and f.span.start_byte == moved_start]
