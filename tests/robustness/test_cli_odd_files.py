"""Promise 6, the rest: odd files are each reported once and skipped, and the scan goes on.

"Unreadable" needs a file whose read fails for everyone, root included (root reads any mode-000
file): a link to /proc/self/mem is a regular file to stat() whose read fails with EIO. When not
running as root, a mode-000 file is checked too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"


def check(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BACKLINT_STRICT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "backlint", "check", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_each_odd_file_is_reported_once_and_skipped(tmp_path: Path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "jobs.py").write_text(SWALLOW, encoding="utf-8")
    os.symlink(tmp_path / "gone.py", app / "dangling.py")
    os.symlink(app, app / "loop")
    os.mkfifo(app / "pipe.py")
    os.symlink("/proc/self/mem", app / "unreadable.py")
    private = app / "private.py"
    private.write_text(SWALLOW, encoding="utf-8")
    private.chmod(0)
    try:
        result = check(tmp_path)
    finally:
        private.chmod(0o644)
    out = result.stderr  # the notes; findings and the summary are on stdout
    assert result.returncode == 1, result.stdout + result.stderr  # findings, and no tool error
    assert "app/jobs.py:4:5: BL201" in result.stdout
    for name, reason in [
        ("app/dangling.py", "dangling symlink"),
        ("app/loop", "directory loop"),
        ("app/pipe.py", "not a regular file"),
        ("app/unreadable.py", "cannot read"),
    ]:
        lines = [line for line in out.splitlines() if name in line]
        assert len(lines) == 1 and reason in lines[0], (name, lines)
    if os.geteuid() != 0:
        assert len([line for line in out.splitlines() if "app/private.py" in line and "cannot read" in line]) == 1
    assert "Traceback" not in result.stderr
