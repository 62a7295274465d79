"""One test over every rule: record valid, query compiled, captures known, fixture exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from backlint.core import engine, languages, rules
from backlint.core.config import Settings
from backlint.core.roles import SERVER_CODE

from .fixtures import annotations

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
# The fixture extension per rule folder: each language's first (tsx shares typescript's folder).
EXTENSIONS = {name: spec.extensions[0] for name, spec in languages.LANGUAGES.items() if name != "tsx"}


def _language_rules():
    for language in EXTENSIONS:
        for compiled in rules.rules_for(language):
            yield pytest.param(
                language, compiled, id=f"{language}/{Path(compiled.rule.query_path).stem}/{compiled.rule.id}"
            )


def _fixtures_for(language: str, rule) -> list[tuple[Path, str]]:
    """(fixture, grammar) pairs. A rule TypeScript inherits from JavaScript also runs over the
    JavaScript fixture with the TypeScript grammar; TypeScript's own fixture adds what only TS has."""
    stem = Path(rule.query_path).stem
    folder = FIXTURES / language
    found = [(p, languages.for_path(p).name) for p in sorted(folder.glob(f"{stem}{EXTENSIONS[language]}"))]
    if language == "typescript":
        found += [(p, "tsx") for p in sorted(folder.glob(f"{stem}.tsx"))]
        if Path(rule.query_path).parent.name == "javascript":
            found += [(p, "typescript") for p in sorted((FIXTURES / "javascript").glob(f"{stem}.js"))]
    return found


def test_shared_records_load():
    records = rules.shared_records()
    assert records, "no rule records found"
    families = {record["category"] for record in records.values()}
    assert families == {"sql-injection", "error-handling", "secret"}


@pytest.mark.parametrize("language,compiled", list(_language_rules()))
def test_rule_fixture_matches_annotations_exactly(language, compiled):
    rule = compiled.rule
    assert compiled.query.pattern_count > 0  # the rule's own query compiles on its own
    fixtures = _fixtures_for(language, rule)
    assert fixtures, f"no fixture tests/fixtures/{language}/{Path(rule.query_path).stem}{EXTENSIONS[language]}"
    annotated = [(fixture, grammar, *annotations(fixture)) for fixture, grammar in fixtures]
    assert any(r == rule.id for *_, expected, _ok in annotated for r, _ in expected), f"no `ruleid: {rule.id}` line"
    assert any(r == rule.id for *_, ok in annotated for r, _ in ok), f"no `ok: {rule.id}` line"
    for fixture, grammar, expected, ok in annotated:
        analysis = engine.analyze(
            fixture.read_text(encoding="utf-8"),
            path=str(fixture),
            language=grammar,
            settings=Settings(select=(rule.id,)),
            role=SERVER_CODE,  # fixtures stand for server code, whatever their folder or extension
        )
        assert not analysis.failed, analysis.notes
        found = {(f.rule_id, f.span.start.line + 1) for f in analysis.findings if f.rule_id == rule.id}
        want = {(r, line) for r, line in expected if r == rule.id}
        where = f"{fixture.name} ({grammar})"
        # Other query files of the same rule id may fire in this fixture only where annotated.
        assert sorted(found - want) == [], f"{where}: unexpected findings (false positives)"
        assert sorted(want - found) == [], f"{where}: missed findings (false negatives)"
        assert not found & {(r, line) for r, line in ok}, f"{where}: an `ok:` line fired"
