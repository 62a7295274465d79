"""`backlint check` / `rules` as a user runs them: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "BACKLINT_DOCS_URL"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "backlint", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=environment
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "jobs.py").write_text(SWALLOW, encoding="utf-8")
    (tmp_path / "app" / "clean.py").write_text("def ok():\n    return 1\n", encoding="utf-8")
    return tmp_path


def test_text_output_and_exit_one_on_findings(tree: Path):
    result = run("check", ".", cwd=tree)
    assert result.returncode == 1, result.stderr
    assert "app/jobs.py:4:5: BL201 [warning]" in result.stdout
    assert "Found 1 problem" in result.stdout


def test_exit_zero_when_clean(tree: Path):
    (tree / "app" / "jobs.py").unlink()
    result = run("check", ".", cwd=tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found in 1 file" in result.stdout


def test_fail_on_threshold(tree: Path):
    assert run("check", ".", "--fail-on", "error", cwd=tree).returncode == 0
    assert run("check", ".", "--fail-on", "warning", cwd=tree).returncode == 1


def test_json_report(tree: Path):
    result = run("check", ".", "--format", "json", cwd=tree)
    document = json.loads(result.stdout)
    assert document["files_checked"] == 2
    [finding] = document["findings"]
    assert finding["rule"] == "BL201" and finding["start"] == {"line": 4, "column": 5}
    assert finding["fingerprint"]


def test_sarif_report_has_rules_fingerprints_and_suppressions(tree: Path):
    (tree / "app" / "quiet.py").write_text(
        SWALLOW.replace("except Exception:", "except Exception:  # backlint: ignore[BL201] -- shutdown path"),
        encoding="utf-8",
    )
    result = run("check", ".", "--format", "sarif", cwd=tree)
    assert result.returncode == 1
    run_ = json.loads(result.stdout)["runs"][0]
    assert "BL201" in {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    results = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in run_["results"]}
    assert set(results) == {"app/jobs.py", "app/quiet.py"}
    assert results["app/jobs.py"]["partialFingerprints"]["backlint/v1"]
    assert results["app/jobs.py"]["properties"]["category"] == "error-handling"
    assert results["app/quiet.py"]["suppressions"] == [{"kind": "inSource", "justification": "shutdown path"}]


def test_select_and_ignore(tree: Path):
    assert run("check", ".", "--ignore", "BL201", cwd=tree).returncode == 0
    assert run("check", ".", "--select", "error-handling", cwd=tree).returncode == 1
    result = run("check", ".", "--select", "BL999", cwd=tree)
    assert result.returncode == 2 and "BL999" in result.stderr


def test_invalid_config_is_a_clear_error(tree: Path):
    (tree / "pyproject.toml").write_text('[tool.backlint]\nseverity = { BL201 = "loud" }\n', encoding="utf-8")
    result = run("check", ".", cwd=tree)
    assert result.returncode == 2
    assert "severity.BL201" in result.stderr and "loud" in result.stderr


def test_config_ignores_and_excludes(tree: Path):
    (tree / "pyproject.toml").write_text(
        '[tool.backlint]\nper-path-ignores = { "app/jobs.py" = ["BL201"] }\n', encoding="utf-8"
    )
    assert run("check", ".", cwd=tree).returncode == 0
    (tree / "pyproject.toml").write_text('[tool.backlint]\nexclude = ["app/**"]\n', encoding="utf-8")
    result = run("check", ".", cwd=tree)
    # Only pyproject.toml is left: configuration files are read for secrets.
    assert result.returncode == 0 and "in 1 file." in result.stdout


def test_gitignore_and_default_excludes(tree: Path):
    (tree / ".gitignore").write_text("generated/\n", encoding="utf-8")
    for folder in ("generated", "node_modules/pkg", ".venv/lib"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "x.py").write_text(SWALLOW, encoding="utf-8")
    (tree / "app" / "bundle.min.js").write_text("try{a()}catch(e){}", encoding="utf-8")
    result = run("check", ".", "--format", "json", cwd=tree)
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"app/jobs.py"}


def test_syntax_errors_still_give_findings(tree: Path):
    (tree / "app" / "broken.py").write_text("def broken(:\n    pass\n\n" + SWALLOW, encoding="utf-8")
    result = run("check", "app/broken.py", "--format", "json", cwd=tree)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["BL201"]


def test_bad_files_are_skipped_with_a_note(tree: Path):
    (tree / "app" / "blob.py").write_bytes(b"\x00\x01binary")
    (tree / "app" / "latin.py").write_bytes(b"x = '\xff'\n" + SWALLOW.encode())
    (tree / "app" / "huge.py").write_bytes(b"#" * 3_000_000)
    os.symlink(tree / "missing.py", tree / "app" / "dangling.py")
    os.symlink(tree / "app", tree / "app" / "loop")
    os.mkfifo(tree / "app" / "pipe.py")
    result = run("check", ".", cwd=tree)
    assert result.returncode == 1, result.stderr
    notes = result.stderr  # notes are for people: stderr; stdout is findings and the summary
    assert "app/blob.py: skipped: binary file" in notes
    assert "app/huge.py: skipped: file is 3,000,000 bytes" in notes
    assert "app/dangling.py: skipped: dangling symlink" in notes
    assert notes.count("dangling symlink") == 1
    assert notes.count("directory loop") == 1
    assert notes.count("not a regular file") == 1
    assert "app/latin.py: warning: invalid UTF-8" in notes
    assert "skipped: skipped" not in notes
    *found, summary = result.stdout.splitlines()
    assert [line.split(" ", 2)[:2] for line in found] == [["app/jobs.py:4:5:", "BL201"], ["app/latin.py:5:5:", "BL201"]]
    assert summary.startswith("Found 2 problems (2 warning) in ")


def test_missing_path_fails_closed(tree: Path):
    result = run("check", "no/such/dir", cwd=tree)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == ["no/such/dir: error: no such file or directory"]
    assert result.stdout == "No problems found in 0 files. 1 path could not be checked (named on stderr).\n"


def test_missing_path_next_to_findings_still_exits_two_and_is_named_once(tree: Path):
    result = run("check", "app", "typo", "typo", cwd=tree)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "app/jobs.py:4:5: BL201" in result.stdout
    assert result.stderr.splitlines() == ["typo: error: no such file or directory"]


def test_a_named_dangling_link_fails_closed(tree: Path):
    os.symlink(tree / "gone", tree / "src")
    result = run("check", "src", cwd=tree)
    assert result.returncode == 2 and result.stderr.splitlines() == ["src: error: dangling symlink"]


def test_missing_path_in_json_and_sarif(tree: Path):
    result = run("check", ".", "no/such/dir", "--format", "json", cwd=tree)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["notes"] == [{"path": "no/such/dir", "kind": "error", "message": "no such file or directory"}]
    assert document["summary"]["errors"] == 1 and len(document["findings"]) == 1
    assert result.stderr.splitlines() == ["no/such/dir: error: no such file or directory"]

    result = run("check", ".", "no/such/dir", "--format", "sarif", cwd=tree)
    assert result.returncode == 2 and result.stderr.splitlines() == ["no/such/dir: error: no such file or directory"]
    run_ = json.loads(result.stdout)["runs"][0]
    [invocation] = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "no/such/dir" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "no/such/dir",
        "uriBaseId": "%SRCROOT%",
    }
    assert len(run_["results"]) == 1  # what could be checked still is


# One rule check raises, in the child process only: the file could not be analysed.
INJECT = """
import sys
from backlint.core import checks
def broken(match):
    raise RuntimeError("injected failure")
checks.CHECKS["py_handler_swallows"] = broken
from backlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_internal_error_fails_the_sarif_run(tree: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("BACKLINT_STRICT", "BACKLINT_DOCS_URL")}
    result = subprocess.run(
        [sys.executable, "-c", INJECT, "check", ".", "--format", "sarif"],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "app/jobs.py: error: rule BL201 failed: RuntimeError: injected failure" in result.stderr.splitlines()
    [invocation] = json.loads(result.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "app/jobs.py" in notification["message"]["text"]


def test_a_syntax_note_alone_does_not_fail_the_run(tree: Path):
    (tree / "app" / "jobs.py").unlink()
    (tree / "app" / "broken.py").write_text("def broken(:\n    return 1\n", encoding="utf-8")
    text = run("check", ".", cwd=tree)
    assert text.returncode == 0, text.stdout + text.stderr
    [note] = text.stderr.splitlines()
    assert note.startswith("app/broken.py: syntax: does not parse from line 1")
    assert text.stdout == "No problems found in 2 files. 1 file parsed with syntax errors (named on stderr).\n"

    sarif = run("check", ".", "--format", "sarif", cwd=tree)
    assert sarif.returncode == 0 and sarif.stderr == ""
    [invocation] = json.loads(sarif.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "warning" and notification["properties"] == {"kind": "syntax"}


def test_overlapping_paths_are_checked_once_and_are_not_a_loop(tree: Path):
    for paths in (("app", "app"), (".", "app"), ("app", "."), ("app/jobs.py", "app")):
        result = run("check", *paths, "--format", "json", cwd=tree)
        document = json.loads(result.stdout)
        assert result.returncode == 1, (paths, result.stderr)
        assert document["notes"] == [] and document["files_checked"] == 2 and len(document["findings"]) == 1, paths


def test_unwritable_output_is_an_error(tree: Path):
    result = run("check", ".", "-o", "no/such/dir/report.txt", cwd=tree)
    assert result.returncode == 2 and "no/such/dir/report.txt" in result.stderr and "Traceback" not in result.stderr


def _sarif_rules(result: subprocess.CompletedProcess) -> dict[str, dict]:
    return {rule["id"]: rule for rule in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]}


def test_sarif_rule_help_is_the_page_and_never_a_local_link(tree: Path):
    rules = _sarif_rules(run("check", ".", "--format", "sarif", cwd=tree))
    assert "file://" not in json.dumps(rules)
    # backlint has no public site yet: no link at all, and the whole page travels in the report.
    assert not any("helpUri" in rule for rule in rules.values())
    help_ = rules["BL201"]["help"]
    assert help_["markdown"].startswith("# BL201 swallowed-exception\n") and "## Why it matters" in help_["markdown"]
    assert "Flagged:" in help_["text"] and "Instead:" in help_["text"]


def test_sarif_help_uri_comes_from_the_documented_base_url(tree: Path):
    folder = run(
        "check",
        ".",
        "--format",
        "sarif",
        cwd=tree,
        env={"BACKLINT_DOCS_URL": "https://docs.example.test/backlint/rules/"},
    )
    assert folder.returncode == 1, folder.stderr
    assert _sarif_rules(folder)["BL201"]["helpUri"] == "https://docs.example.test/backlint/rules/BL201.md"
    assert all(rule["helpUri"].startswith("https://") for rule in _sarif_rules(folder).values())
    template = run(
        "check", ".", "--format", "sarif", cwd=tree, env={"BACKLINT_DOCS_URL": "https://example.test/r/{id}/{name}"}
    )
    assert _sarif_rules(template)["BL201"]["helpUri"] == "https://example.test/r/BL201/swallowed-exception"
    local = run("check", ".", "--format", "sarif", cwd=tree, env={"BACKLINT_DOCS_URL": "file:///srv/docs/{id}.md"})
    assert local.returncode == 2 and "BACKLINT_DOCS_URL" in local.stderr and local.stdout == ""


def test_usage_error_exits_two(tree: Path):
    result = run("check", "--format", "xml", cwd=tree)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_rules_list_and_explain(tree: Path):
    listing = run("rules", cwd=tree)
    assert listing.returncode == 0 and "BL201  swallowed-exception" in listing.stdout
    explained = run("rules", "--explain", "BL201", cwd=tree)
    assert "Why it matters" in explained.stdout and "In python:" in explained.stdout
    assert run("rules", "--explain", "BL000", cwd=tree).returncode == 2


def test_parallel_scan_equals_serial_scan(tree: Path):
    for n in range(40):
        (tree / "app" / f"m{n}.py").write_text(SWALLOW * (n % 3 + 1), encoding="utf-8")
    serial = json.loads(run("check", ".", "--format", "json", "-j", "1", cwd=tree).stdout)
    parallel = json.loads(run("check", ".", "--format", "json", "-j", "2", cwd=tree).stdout)
    assert serial["findings"] == parallel["findings"]
    assert len(serial["findings"]) == 1 + sum(n % 3 + 1 for n in range(40))
