"""`backlint check` / `rules` as a user runs them: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backlint", *args], cwd=cwd, capture_output=True, text=True, timeout=60
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
    assert result.returncode == 0 and "in 0 files" in result.stdout


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
    out = result.stdout
    assert "app/blob.py: skipped: binary file" in out
    assert "app/huge.py: skipped: file is 3,000,000 bytes" in out
    assert out.count("dangling symlink") == 1
    assert out.count("directory loop") == 1
    assert out.count("not a regular file") == 1
    assert "app/latin.py:5:5: BL201" in out
    assert "invalid UTF-8" in out


def test_missing_path_is_reported(tree: Path):
    result = run("check", "nope/", cwd=tree)
    assert "nope" in result.stdout and "skipped" in result.stdout


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
