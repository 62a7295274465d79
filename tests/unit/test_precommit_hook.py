"""The pre-commit hook the repository offers runs the installed CLI on the file types it reads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_hook_is_backlint_check_on_the_languages_backlint_reads(tmp_path: Path):
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: backlint$", text, re.M)
    entry = re.search(r"^\s+entry: (.+)$", text, re.M).group(1).split()
    assert entry == ["backlint", "check"]
    types = set(re.search(r"types_or: \[(.*)\]", text).group(1).replace(" ", "").split(","))
    assert {"python", "javascript", "ts", "tsx", "go", "java"} <= types
    # pre-commit appends the staged file names to the entry: the CLI takes them as they come.
    staged = tmp_path / "orders.py"
    staged.write_text("def f():\n    try:\n        g()\n    except Exception:\n        pass\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "backlint", *entry[1:], str(staged)], capture_output=True, text=True)
    assert done.returncode == 1 and "BL201" in done.stdout
