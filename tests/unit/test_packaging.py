"""The wheel carries the rules, their pages and the prompt, and works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_works_outside_the_checkout(tmp_path: Path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("backlint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "backlint/queries/rules/BL101.toml" in names
    assert "backlint/queries/python/sql-string-building.scm" in names
    assert "backlint/docs/rules/BL101.md" in names
    assert "backlint/llm/prompts/backend-expert.md" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    program = (
        "from backlint.core import engine, rules, ruledocs\n"
        "print(rules.queries_root())\n"
        "print(ruledocs.docs_root())\n"
        "a = engine.analyze('try:\\n    x()\\nexcept Exception:\\n    pass\\n', path='a.py', language='python')\n"
        "print([f.rule_id for f in a.findings])\n"
    )
    # The unpacked wheel goes first on sys.path, ahead of the editable checkout.
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(unpacked)!r}); exec({program!r})"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    queries, docs, found = result.stdout.splitlines()
    assert queries.startswith(str(unpacked)) and docs.startswith(str(unpacked))
    assert found == "['BL201']"
