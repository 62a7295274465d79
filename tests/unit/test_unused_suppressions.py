"""Suppression comments that no longer suppress anything are reported when asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SOURCE = (
    "def charge(order):\n"
    "    try:\n"
    "        submit(order)\n"
    "    except Exception:  # backlint: ignore[BL201] -- the gateway retries\n"
    "        pass\n"
    "\n"
    "\n"
    "def refund(order):\n"
    "    cancel(order)  # backlint: ignore[BL201] -- left behind after a fix\n"
    "    return load(order)  # backlint: ignore[BL303] -- a rule that is not selected in this run\n"
)


def _check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n", encoding="utf-8")
    (tmp_path / "orders.py").write_text(SOURCE, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "backlint", "check", ".", *args], cwd=tmp_path, capture_output=True, text=True
    )


def test_unused_suppressions_are_named_counted_and_fail_the_run(tmp_path):
    quiet = _check(tmp_path, "--select", "BL201")
    assert quiet.returncode == 0 and "suppress" not in quiet.stderr  # not asked for: nothing said

    done = _check(tmp_path, "--select", "BL201", "--report-unused-ignores")
    assert done.returncode == 1
    assert "orders.py: unused-suppression: line 9: backlint: ignore[BL201] suppresses nothing" in done.stderr
    assert "line 4" not in done.stderr  # that one still suppresses the swallowed error
    assert "line 10" not in done.stderr  # BL303 did not run: its comment says nothing either way
    assert "1 unused suppression (named on stderr)" in done.stdout

    report = json.loads(_check(tmp_path, "--select", "BL201", "--report-unused-ignores", "--format", "json").stdout)
    assert [n["kind"] for n in report["notes"]] == ["unused-suppression"]
