"""One test over every rule: record valid, query compiled, captures known, fixture exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from backlint.core import engine, languages, rules
from backlint.core.config import Settings

from .fixtures import annotations

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXTENSIONS = {"python": ".py", "javascript": ".js", "typescript": ".ts", "go": ".go", "java": ".java"}


def _language_rules():
    for language in EXTENSIONS:
        for compiled in rules.rules_for(language):
            yield pytest.param(language, compiled, id=f"{language}/{Path(compiled.rule.query_path).stem}")


def _fixtures_for(language: str, stem: str) -> list[Path]:
    folder = FIXTURES / language
    found = sorted(folder.glob(f"{stem}{EXTENSIONS[language]}"))
    if language == "typescript":
        found += sorted(folder.glob(f"{stem}.tsx"))
    return found


def test_shared_records_load():
    records = rules.shared_records()
    assert records, "no rule records found"
    families = {record["category"] for record in records.values()}
    assert families == {"sql-injection", "error-handling", "secret"}


@pytest.mark.parametrize("language,compiled", list(_language_rules()))
def test_rule_fixture_matches_annotations_exactly(language, compiled):
    rule = compiled.rule
    stem = Path(rule.query_path).stem
    fixtures = _fixtures_for(language, stem)
    assert fixtures, f"no fixture tests/fixtures/{language}/{stem}{EXTENSIONS[language]}"
    for fixture in fixtures:
        expected, ok = annotations(fixture)
        assert any(r == rule.id for r, _ in expected), f"{fixture.name} has no `ruleid: {rule.id}` line"
        assert any(r == rule.id for r, _ in ok), f"{fixture.name} has no `ok: {rule.id}` line"
        grammar = languages.for_path(fixture).name
        analysis = engine.analyze(
            fixture.read_text(encoding="utf-8"),
            path=str(fixture),
            language=grammar,
            settings=Settings(select=(rule.id,)),
        )
        assert not analysis.failed, analysis.notes
        found = {(f.rule_id, f.span.start.line + 1) for f in analysis.findings if f.rule_id == rule.id}
        want = {(r, line) for r, line in expected if r == rule.id}
        # Other query files of the same rule id may fire in this fixture only where annotated.
        assert sorted(found - want) == [], f"{fixture.name}: unexpected findings (false positives)"
        assert sorted(want - found) == [], f"{fixture.name}: missed findings (false negatives)"
        assert not found & {(r, line) for r, line in ok}, f"{fixture.name}: an `ok:` line fired"
