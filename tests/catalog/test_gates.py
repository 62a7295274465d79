"""Rules with a `requires` regex run only around its hits. That is only sound if every text their
patterns match contains a hit, so the gated run must find exactly what an ungated run finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from backlint.core import engine, incremental, languages, rules
from backlint.core.checks import FileContext
from backlint.core.config import Settings
from backlint.core.positions import LineIndex

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "tests" / "fixtures", ROOT / "tests" / "accuracy", ROOT / "examples"]


def _source_files() -> list[Path]:
    found = []
    for corpus in CORPORA:
        found += [p for p in sorted(corpus.rglob("*")) if p.is_file() and languages.for_path(p) is not None]
    return found


def _found(data: bytes, path: Path, *, use_gates: bool, byte_range=None) -> set[tuple[str, int, int]]:
    language = languages.for_path(path).name
    tree = engine.parse(language, data)
    file = FileContext(path=str(path), language=language, data=data, tree=tree, lines=LineIndex(data))
    findings = engine.run_rules(file, Settings(), use_gates=use_gates, byte_range=byte_range)
    return {(f.rule_id, f.span.start_byte, f.span.end_byte) for f in findings}


def test_some_rules_are_gated_and_their_gates_are_selective():
    gated = {c.rule.id for c in rules.rules_for("python") if c.rule.requires}
    assert {"BL301", "BL302", "BL304"} <= gated
    # A file with no hit runs none of them.
    catalog = rules.language_rules("python")
    enabled = {(c.rule.id, c.rule.query_path): True for c in catalog.rules}
    assert engine.gate_ranges(catalog.gates, enabled, b"def handler(event):\n    return event\n", (0, 38)) == []


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_gated_run_finds_what_an_ungated_run_finds(path):
    data = path.read_bytes()
    ungated = _found(data, path, use_gates=False)
    assert _found(data, path, use_gates=True) == ungated
    secret_findings = {f for f in ungated if f[0].startswith("BL30")}
    # And over a window, as the language server re-runs a changed region.
    if secret_findings:
        low = min(start for _, start, _ in secret_findings)
        window = (max(0, low - 40), min(len(data), low + 400))
        assert _found(data, path, use_gates=True, byte_range=window) == _found(
            data, path, use_gates=False, byte_range=window
        )


def test_many_hits_fall_back_to_one_run_over_the_window():
    catalog = rules.language_rules("python")
    enabled = {(c.rule.id, c.rule.query_path): True for c in catalog.rules}
    text = b"".join(b'URL_%d = "https://example.com/%d"\n' % (i, i) + b"x = 1\n" * 400 for i in range(100))
    ranges = engine.gate_ranges(catalog.gates, enabled, text, (0, len(text)))
    assert len(ranges) == 1 and ranges[0][0] > 0 and ranges[0][1] < len(text)


def test_incremental_reanalysis_keeps_gated_findings_in_step():
    before = (
        b"def handler():\n    return 1\n\n\n"
        b'def connect():\n    url = "postgres://app:Zq8vR2mK7pLx@db.internal/app"\n    return url\n'
    )
    after = before.replace(b"return 1", b"return 2")
    settings = Settings()
    first = engine.analyze(before.decode(), path="svc.py", language="python", settings=settings)
    assert any(f.rule_id == "BL302" for f in first.findings)
    start = before.index(b"return 1") + 7
    edit = incremental.ByteEdit(start, start + 1, start + 1, (1, 11), (1, 12), (1, 12))
    from backlint.core.source import from_text

    again = incremental.reanalyze(first, [edit], from_text(after.decode()), settings)
    assert [(f.rule_id, f.span.start_byte) for f in again.findings] == [
        (f.rule_id, f.span.start_byte) for f in first.findings
    ]
