"""Other linters' suppression comments suppress the same check, and only that check."""

import pytest

from backlint.core import engine, peer_ignores, rules


@pytest.mark.parametrize(
    ("line", "here", "following"),
    [
        ("x = 1  # noqa: S608, E501", {"noqa:S608", "noqa:E501"}, set()),
        ("x = 1  # noqa", set(), set()),
        ("x = 1  # nosec", {"nosec"}, set()),
        ("x = 1  # nosec B608 -- table names only", {"nosec:B608"}, set()),
        ("x := 1 // #nosec G101 G202", {"nosec:G101", "nosec:G202"}, set()),
        ("_ = f.Close() //nolint:errcheck,gosec // best effort", {"nolint:errcheck", "nolint:gosec"}, set()),
        ("_ = f.Close() //nolint", {"nolint"}, set()),
        ("} catch (e) {} // NOSONAR", {"NOSONAR"}, set()),
        (
            "except Exception:  # pylint: disable=broad-except, bare-except",
            {"pylint:broad-except", "pylint:bare-except"},
            set(),
        ),
        ("} catch {} // eslint-disable-line no-empty -- probe", {"eslint:no-empty"}, set()),
        (
            "// eslint-disable-next-line @typescript-eslint/no-floating-promises",
            set(),
            {"eslint:@typescript-eslint/no-floating-promises"},
        ),
        ("# nosemgrep", set(), {"nosemgrep"}),
        ("key = 'abc'  # nosemgrep", {"nosemgrep"}, set()),
        ("key = 'abc'  # pragma: allowlist secret", {"allowlist-secret"}, set()),
        ("# pragma: allowlist nextline secret", set(), {"allowlist-secret"}),
        ("key = 'abc' # gitleaks:allow", {"gitleaks:allow"}, set()),
        ("query = 'nosec noqa: S608'", set(), set()),  # in a string, before any comment starts
    ],
)
def test_directives_are_read_as_their_tools_read_them(line, here, following):
    assert peer_ignores.directives(line) == (here, following)


def test_every_honoured_token_is_one_the_reader_produces():
    for rule_id, tokens in rules.honoured_directives().items():
        assert all(peer_ignores.TOKEN.match(token) for token in tokens), rule_id


PYTHON = """\
def find(cursor, name):
    query = "SELECT * FROM users WHERE name = '{n}'".format(n=name)  # noqa: S608
    cursor.execute(query)


def find_again(cursor, name):
    query = "SELECT * FROM users WHERE name = '{n}'".format(n=name)  # noqa: E501
    cursor.execute(query)


def warm(cache):
    try:
        cache.load()
    except Exception:  # noqa: BLE001
        pass


def warm_again(cache):
    try:
        cache.load()
    except Exception:  # noqa: S608
        pass
"""


def test_a_peer_directive_where_the_sql_was_built_suppresses_the_finding_at_the_sink():
    found = engine.analyze(PYTHON, path="svc.py", language="python").findings
    by_line = {(f.rule_id, f.span.start.line + 1): f for f in found}
    suppressed = by_line["BL101", 3].suppression
    assert suppressed is not None and suppressed.reason == "`noqa:S608` on line 2"
    assert not by_line["BL101", 8].suppressed  # E501 is about line length
    assert by_line["BL201", 14].suppressed
    assert not by_line["BL201", 21].suppressed  # S608 is not about exceptions


GO = """\
package store

import "database/sql"

func purge(db *sql.DB) {
	db.Exec("DELETE FROM sessions") //nolint:errcheck // retried by the next sweep
	db.Exec("DELETE FROM tokens") //nolint:gosec
}
"""


def test_golangci_nolint_names_the_linter_that_checks_the_same_thing():
    found = engine.analyze(GO, path="store/clean.go", language="go").findings
    by_line = {f.span.start.line + 1: f for f in found if f.rule_id == "BL203"}
    assert by_line[6].suppressed
    assert not by_line[7].suppressed


def test_eslint_next_line_directive_covers_the_next_line_only():
    source = (
        "export async function a(job) {\n"
        "  try { await job.run(); }\n"
        "  // eslint-disable-next-line no-empty\n"
        "  catch (e) {}\n"
        "  try { await job.run(); }\n"
        "  catch (e) {}\n"
        "}\n"
    )
    found = [f for f in engine.analyze(source, path="jobs.js", language="javascript").findings if f.rule_id == "BL201"]
    assert [(f.span.start.line + 1, f.suppressed) for f in found] == [(4, True), (6, False)]
