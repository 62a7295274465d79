"""Error-handling checks: the messages, confidence and related places they attach to findings."""

from __future__ import annotations

import textwrap

from backlint.core import engine
from backlint.core.config import Settings


def _findings(source: str, language: str, rule: str, path: str = "service"):
    analysis = engine.analyze(textwrap.dedent(source), path=path, language=language, settings=Settings(select=(rule,)))
    assert not analysis.failed, analysis.notes
    return analysis.findings


def test_python_message_names_the_handler():
    [finding] = _findings(
        """
        try:
            sync()
        except (ValueError, Exception) as error:
            return None
        """,
        "python",
        "BL201",
    )
    assert finding.message == (
        "Error swallowed: `except (ValueError, Exception) as error` neither re-raises, logs nor returns the error"
    )
    assert finding.fix == "log-and-reraise"


def test_go_deliberate_discards_are_left_alone_but_not_a_transaction():
    findings = _findings(
        """
        package p

        func f() {
        	n, _ := strconv.Atoi(s)
        	v, _ := pricing.Quote(n)
        	_ = tx.Commit()
        	use(v)
        }
        """,
        "go",
        "BL203",
    )
    assert [f.span.start.line for f in findings] == [6]
    assert findings[0].message == "Error ignored: the error from `tx.Commit()` is assigned to `_`"


def test_go_overwritten_error_points_at_the_first_assignment():
    [finding] = _findings(
        """
        package p

        func f() error {
        	a, err := load()
        	b, err := save(a)
        	_ = b
        	return err
        }
        """,
        "go",
        "BL204",
    )
    assert finding.span.start.line == 5
    assert [r.span.start.line for r in finding.related] == [4]


def test_forEach_message_names_the_callback():
    [finding] = _findings("items.forEach(async (item) => { await save(item); });\n", "javascript", "BL205")
    assert finding.message == (
        "Floating promise: an async callback passed to `forEach` is neither awaited, returned nor handled"
    )


def test_requests_message_says_what_is_missing_and_an_explicit_none_is_a_decision():
    findings = _findings(
        """
        import requests
        requests.get(URL)
        requests.post(URL, timeout=None)
        """,
        "python",
        "BL207",
    )
    # timeout=None written out is a decision to wait; only the forgotten timeout is reported.
    assert [f.message for f in findings] == ["HTTP call with no timeout: requests.get() without a timeout"]


def test_tsx_grammar_runs_the_typescript_rules():
    findings = _findings(
        """
        export function Panel() {
          useEffect(() => {
            axios.get("/api/panel").then((r) => setData(r.data));
          }, []);
          return <div />;
        }
        """,
        "tsx",
        "BL2",
    )
    assert sorted((f.rule_id, f.span.start.line) for f in findings) == [("BL206", 3), ("BL207", 3)]


def test_go_callee_in_another_file_of_the_package_that_logs_its_error_may_be_called_bare(tmp_path):
    (tmp_path / "go.mod").write_text("module shop\n", encoding="utf-8")
    (tmp_path / "session.go").write_text(
        "package shop\n\n"
        "func saveSession(id string) error {\n\terr := store.Save(id)\n"
        '\tif err != nil {\n\t\tlog.Printf("could not save session %s: %v", id, err)\n\t}\n\treturn err\n}\n\n'
        "func audit(event string) error {\n\treturn store.Append(event)\n}\n",
        encoding="utf-8",
    )
    handler = tmp_path / "handler.go"
    handler.write_text(
        "package shop\n\n"
        "func touch(id string) error {\n"
        "\tif err := saveSession(id); err != nil {\n\t\treturn err\n\t}\n"
        "\tif err := audit(id); err != nil {\n\t\treturn err\n\t}\n"
        '\tsaveSession(id + "-copy")\n'
        '\taudit("touched")\n'
        "\treturn nil\n}\n",
        encoding="utf-8",
    )
    findings = engine.analyze_file(handler, Settings(select=("BL203",))).findings
    assert [f.span.start.line + 1 for f in findings] == [11]  # audit() drops its error; saveSession() logged it
