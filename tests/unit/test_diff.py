"""`backlint check --diff REF`: only findings on lines added or changed since REF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OLD = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
NEW = "\n\ndef refund(order):\n    try:\n        cancel(order)\n    except Exception:\n        pass\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "backlint", "check", ".", "--format", "json", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True)


def test_only_added_lines_and_untracked_files_are_reported(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "empty")
    (repo / "orders.py").write_text(OLD, encoding="utf-8")
    _git(repo, "add", "orders.py")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "orders")
    (repo / "orders.py").write_text(OLD + NEW, encoding="utf-8")  # a second swallow below the first
    (repo / "refunds.py").write_text(OLD, encoding="utf-8")  # untracked: new as a whole

    everything = json.loads(_check(repo).stdout)["findings"]
    assert len(everything) == 3
    done = _check(repo, "--diff", "HEAD")
    assert done.returncode == 1
    assert sorted((f["path"], f["start"]["line"]) for f in json.loads(done.stdout)["findings"]) == [
        ("orders.py", 11),
        ("refunds.py", 4),
    ]


def test_outside_a_work_tree_or_with_an_unknown_ref_is_an_error(tmp_path: Path):
    (tmp_path / "orders.py").write_text(OLD, encoding="utf-8")
    outside = _check(tmp_path, "--diff", "HEAD")
    assert outside.returncode == 2 and "not inside a git work tree" in outside.stderr
    _git(tmp_path, "init", "-q")
    unknown = _check(tmp_path, "--diff", "no-such-ref")
    assert unknown.returncode == 2 and "no-such-ref" in unknown.stderr
