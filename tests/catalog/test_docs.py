"""The shipped rule pages are exactly what the records render to, and diagnostics link to them."""

from pathlib import Path

import pytest

from backlint.core import ruledocs, rules

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


@pytest.mark.parametrize("rule_id", rules.rule_ids())
def test_rule_page_is_in_sync_with_its_record(rule_id):
    page = DOCS / f"{rule_id}.md"
    assert page.is_file(), f"missing {page}: run `backlint rules --write-docs docs/rules`"
    assert page.read_text(encoding="utf-8") == ruledocs.render(rule_id), (
        f"{page.name} is stale: run `backlint rules --write-docs docs/rules`"
    )


def test_no_stray_pages():
    assert {p.stem for p in DOCS.glob("*.md")} == set(rules.rule_ids())


def test_help_uri_points_at_an_existing_page():
    rule = rules.rules_for("python")[0].rule
    uri = ruledocs.doc_uri(rule.id)
    assert uri.startswith("file://") and uri.endswith(f"/{rule.id}.md")
    assert Path(uri.removeprefix("file://")).is_file()
