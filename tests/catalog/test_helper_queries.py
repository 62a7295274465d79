"""The helper queries the checks run over whole files (`queries/<lang>/helpers/*.scm`) compile with
every grammar that reads them and capture exactly what the checks read: a broken helper fails here,
not in a user's scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from backlint.core import languages, rules
from backlint.core.checks import CHECKS  # noqa: F401  (importing the checks declares their helpers)
from backlint.core.checks.errors.common import HELPERS


def _helper_grammars():
    for helper in HELPERS:
        for grammar in helper.grammars():
            yield pytest.param(helper, grammar, id=f"{helper.folder}/{helper.name}@{grammar}")


def test_helpers_are_declared_once():
    assert HELPERS, "no helper queries declared"
    names = [(helper.folder, helper.name) for helper in HELPERS]
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)


@pytest.mark.parametrize("helper,grammar", list(_helper_grammars()))
def test_helper_compiles_and_captures_what_the_checks_read(helper, grammar):
    assert helper.files(grammar), f"no file queries/{helper.folder}/helpers/{helper.name}.scm"
    query = helper.compile(grammar)  # a CatalogError names the files and the error
    assert query.pattern_count > 0
    captures = {query.capture_name(i) for i in range(query.capture_count)}
    assert captures == helper.captures, (
        f"{helper.folder}/helpers/{helper.name} with {grammar}: captures {sorted(captures)}, "
        f"the checks read {sorted(helper.captures)}"
    )


def test_every_helper_file_is_used():
    """A file under helpers/ that no declared helper reads for any grammar (a misspelt name, a
    `.local.scm` in a folder whose grammar does not use the helper) would silently never run."""
    root = rules.queries_root()
    present = {path for path in root.glob("*/helpers/*") if path.is_file()}
    used = {path for helper in HELPERS for grammar in helper.grammars() for path in helper.files(grammar)}
    assert present - used == set(), sorted(str(path.relative_to(root)) for path in present - used)


def test_helpers_stay_out_of_the_rule_catalog():
    """Rules are read from the top of each folder: no helper may turn up as a rule's query."""
    for language in languages.LANGUAGES:
        for compiled in rules.rules_for(language):
            assert Path(compiled.rule.query_path).parent.name != "helpers", compiled.rule.query_path
