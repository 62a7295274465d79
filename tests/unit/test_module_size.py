"""No module under server/ grows past 600 lines: a module that does is split along its concepts."""

from __future__ import annotations

from pathlib import Path

MAX_LINES = 600
SERVER = Path(__file__).resolve().parents[2] / "server"


def test_no_module_is_over_600_lines():
    oversized = {
        str(path.relative_to(SERVER)): count
        for path in sorted(SERVER.rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert oversized == {}, f"split these along their concepts: {oversized}"
