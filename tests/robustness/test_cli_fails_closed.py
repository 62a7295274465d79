"""Promise 6: the CLI fails closed; odd files are reported once and skipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"

# Fault injection: replace one registered check with one that raises, in a child process only.
INJECT = """
import sys
from backlint.core import checks
def broken(match):
    raise RuntimeError("injected failure")
checks.CHECKS["py_handler_swallows"] = broken
from backlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_exception_in_a_rule_names_file_and_rule_and_exits_two(tmp_path: Path):
    (tmp_path / "svc.py").write_text(SWALLOW, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "BACKLINT_STRICT": "0"}
    result = subprocess.run(
        [sys.executable, "-c", INJECT, "check", str(tmp_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "svc.py: error: rule BL201 failed" in result.stderr  # notes go to stderr
    assert "injected failure" in result.stderr


def test_exception_in_strict_mode_is_not_swallowed(tmp_path: Path):
    (tmp_path / "svc.py").write_text(SWALLOW, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "BACKLINT_STRICT": "1"}
    result = subprocess.run(
        [sys.executable, "-c", INJECT, "check", str(tmp_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode != 0 and "injected failure" in result.stderr
