"""The project's baseline in the editor: what `backlint check --write-baseline` recorded is hidden (or
shown as hints), new findings are shown, and a broken baseline file is a warning, not a dead server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")

OLD = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
NEW = "\n\ndef refund(order):\n    try:\n        reverse(order)\n    except Exception:\n        pass\n"
CONFIG = '[project]\nname = "shop"\n\n[tool.backlint]\nbaseline = ".backlint-baseline.json"\n'


def _project(root: Path) -> Path:
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    source = root / "app" / "billing.py"
    source.parent.mkdir(parents=True)
    source.write_text(OLD, encoding="utf-8")
    written = subprocess.run(
        [sys.executable, "-m", "backlint", "check", ".", "--write-baseline", ".backlint-baseline.json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert written.returncode == 0, written.stderr
    assert json.loads((root / ".backlint-baseline.json").read_text())["findings"][0]["rule"] == "BL201"
    return source


async def test_baselined_findings_are_hidden_and_new_ones_shown(raw, tmp_path):
    source = _project(tmp_path)
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    # Two lines inserted above the recorded finding, and a new one below: only the new one shows.
    diagnostics = await server.open_file(source, "import os\n\n" + OLD + NEW)
    assert [(d["code"], d["range"]["start"]["line"]) for d in diagnostics] == [("BL201", 12)]


async def test_baselined_findings_as_hints(raw, tmp_path):
    source = _project(tmp_path)
    server = raw()
    await server.initialize(tmp_path, capabilities={}, options={"baselinedFindings": "hint"})
    diagnostics = await server.open_file(source, OLD + NEW)
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("BL201", 4), ("BL201", 2)]
    assert diagnostics[0]["message"].endswith("(in the baseline)")
    assert not diagnostics[1]["message"].endswith("(in the baseline)")


async def test_a_missing_baseline_is_a_warning_and_everything_is_shown(raw, tmp_path):
    source = _project(tmp_path)
    (tmp_path / ".backlint-baseline.json").unlink()
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    diagnostics = await server.open_file(source, OLD + NEW)
    assert [d["code"] for d in diagnostics] == ["BL201", "BL201"]
    shown = await server.wait(lambda: [m for m in server.shown_messages() if "baseline" in m])
    assert "no such baseline file" in shown[0]
    # Written again: the next analysis reads it (the file is checked by size and time on each one).
    subprocess.run(
        [sys.executable, "-m", "backlint", "check", ".", "--write-baseline", ".backlint-baseline.json"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    server.change(source.as_uri(), 2, {"text": OLD + NEW + "\n"})
    assert await server.published(source.as_uri(), 2) == []
