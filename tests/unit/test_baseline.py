"""`--write-baseline` / `--baseline` / `baseline = ...` through the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"
# The flagged line differs from SWALLOW's, so the two findings have different fingerprints.
OTHER = "def h():\n    try:\n        k()\n    except Exception as error:\n        pass\n"
STALE_MESSAGE = "no longer match"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "BACKLINT_DOCS_URL"}
    return subprocess.run(
        [sys.executable, "-m", "backlint", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=environment
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "jobs.py").write_text(SWALLOW + "\n\n" + OTHER, encoding="utf-8")
    return tmp_path


def write_baseline(tree: Path) -> dict:
    result = run("check", ".", "--write-baseline", "baseline.json", cwd=tree)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((tree / "baseline.json").read_text(encoding="utf-8"))


def test_write_then_check_reports_nothing_new(tree: Path):
    document = write_baseline(tree)
    assert document["version"] == 1
    entries = document["findings"]
    assert [(e["rule"], e["path"], e["count"]) for e in entries] == [("BL201", "app/jobs.py", 1)] * 2
    assert entries[0]["fingerprint"] != entries[1]["fingerprint"]
    result = run("check", ".", "--baseline", "baseline.json", cwd=tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found" in result.stdout
    assert STALE_MESSAGE not in result.stderr
    # Stable: writing it again for the same tree gives the same bytes.
    before = (tree / "baseline.json").read_bytes()
    write_baseline(tree)
    assert (tree / "baseline.json").read_bytes() == before


def test_lines_inserted_above_and_a_function_moved_keep_matching(tree: Path):
    write_baseline(tree)
    moved = "import os\n\n# a comment\n\n" + OTHER + "\n\n" + SWALLOW
    (tree / "app" / "jobs.py").write_text(moved, encoding="utf-8")
    result = run("check", ".", "--baseline", "baseline.json", cwd=tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert STALE_MESSAGE not in result.stderr


def test_a_new_finding_is_reported(tree: Path):
    write_baseline(tree)
    fresh = "def n():\n    try:\n        m()\n    except Exception:\n        pass\n"
    (tree / "app" / "new.py").write_text(fresh, encoding="utf-8")
    result = run("check", ".", "--baseline", "baseline.json", cwd=tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app/new.py:4:5: BL201" in result.stdout
    assert "app/jobs.py" not in result.stdout
    assert "Found 1 problem" in result.stdout


def test_two_identical_findings_are_two(tmp_path: Path):
    (tmp_path / "twice.py").write_text(SWALLOW + "\n\n" + SWALLOW.replace("def f", "def f2"), encoding="utf-8")
    document = write_baseline(tmp_path)
    [entry] = document["findings"]  # the flagged lines are the same text: one key, counted twice
    assert entry["count"] == 2
    # A third copy is new: the two recorded ones are used up.
    (tmp_path / "twice.py").write_text(
        SWALLOW + "\n\n" + SWALLOW.replace("def f", "def f2") + "\n\n" + SWALLOW.replace("def f", "def f3"),
        encoding="utf-8",
    )
    result = run("check", ".", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Found 1 problem" in result.stdout


def test_stale_entries_are_counted(tree: Path):
    write_baseline(tree)
    (tree / "app" / "jobs.py").write_text(SWALLOW, encoding="utf-8")  # OTHER's finding is fixed
    result = run("check", ".", "--baseline", "baseline.json", cwd=tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 baseline entry no longer matches: the file can shrink (--write-baseline)" in result.stderr
    assert STALE_MESSAGE not in result.stdout


def test_editing_the_flagged_lines_makes_the_finding_new(tree: Path):
    write_baseline(tree)
    text = (tree / "app" / "jobs.py").read_text(encoding="utf-8")
    (tree / "app" / "jobs.py").write_text(text.replace("except Exception:", "except BaseException:", 1), "utf-8")
    result = run("check", ".", "--baseline", "baseline.json", cwd=tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 baseline entry no longer matches" in result.stderr


def test_suppressed_findings_are_not_recorded(tmp_path: Path):
    quiet = SWALLOW.replace("except Exception:", "except Exception:  # backlint: ignore[BL201] -- optional")
    (tmp_path / "quiet.py").write_text(quiet, encoding="utf-8")
    assert write_baseline(tmp_path)["findings"] == []


def test_missing_baseline_file_exits_2(tree: Path):
    result = run("check", ".", "--baseline", "nope.json", cwd=tree)
    assert result.returncode == 2
    assert "nope.json" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"version": 99, "findings": []}', '{"version": 1, "findings": [{"rule": "BL201"}]}'],
)
def test_invalid_baseline_file_exits_2(tree: Path, content: str):
    (tree / "bad.json").write_text(content, encoding="utf-8")
    result = run("check", ".", "--baseline", "bad.json", cwd=tree)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "bad.json" in result.stderr and "baseline" in result.stderr


def test_baseline_from_the_configuration_is_relative_to_the_config_file(tree: Path):
    (tree / "ci").mkdir()
    assert run("check", ".", "--write-baseline", "ci/known.json", cwd=tree).returncode == 0
    (tree / "pyproject.toml").write_text('[tool.backlint]\nbaseline = "ci/known.json"\n', encoding="utf-8")
    result = run("check", ".", cwd=tree / "app")  # run from below: the path is still the config's
    assert result.returncode == 0, result.stdout + result.stderr
    (tree / "ci" / "known.json").unlink()
    result = run("check", ".", cwd=tree)
    assert result.returncode == 2
    assert "known.json" in result.stderr


def test_bad_baseline_setting_names_the_key(tree: Path):
    (tree / "pyproject.toml").write_text("[tool.backlint]\nbaseline = 3\n", encoding="utf-8")
    result = run("check", ".", cwd=tree)
    assert result.returncode == 2
    assert "`baseline`" in result.stderr
