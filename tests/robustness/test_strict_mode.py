"""The test mode: with BACKLINT_STRICT=1 (set by scripts/test.sh) an exception a fence would swallow
fails loudly instead. The language server's side is in test_failing_features.py
(test_strict_mode_makes_a_fenced_failure_loud) and tests/unit/test_lsp_fence.py; the CLI's in
test_cli_fails_closed.py. Here: the script sets it, and the engine's two fences honour it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backlint.core import checks, engine
from backlint.core.engine import STRICT_ENV, strict_mode
from backlint.core.fixes import FIXERS, compute_fix

ROOT = Path(__file__).resolve().parents[2]
SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"


def test_the_test_script_runs_the_suite_in_strict_mode():
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    exported = script.index("export BACKLINT_STRICT=1")
    assert exported < script.index("-m pytest"), "strict mode must be set before pytest starts"
    assert re.search(r"^export BACKLINT_STRICT=1$", script, re.MULTILINE)


@pytest.mark.parametrize(("value", "strict"), [("1", True), ("yes", True), ("", False), ("0", False), ("false", False)])
def test_strict_mode_switch(monkeypatch, value, strict):
    monkeypatch.setenv(STRICT_ENV, value)
    assert strict_mode() is strict


def _broken(*_args):
    raise RuntimeError("injected failure")


def test_a_failing_rule_is_loud_in_strict_mode_and_a_note_otherwise(monkeypatch):
    monkeypatch.setitem(checks.CHECKS, "py_handler_swallows", _broken)
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(RuntimeError, match="injected failure"):
        engine.analyze(SWALLOW, path="svc.py", language="python")
    monkeypatch.setenv(STRICT_ENV, "0")
    analysis = engine.analyze(SWALLOW, path="svc.py", language="python")
    assert analysis.failed and any("rule BL201 failed" in note.message for note in analysis.notes)


def test_a_failing_fixer_is_loud_in_strict_mode_and_no_fix_otherwise(monkeypatch):
    analysis = engine.analyze(SWALLOW, path="svc.py", language="python")
    [finding] = [f for f in analysis.active() if f.rule_id == "BL201"]
    assert compute_fix(analysis, finding) is not None  # loads the fixers, and this one works
    monkeypatch.setitem(FIXERS, finding.fix, _broken)
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(RuntimeError, match="injected failure"):
        compute_fix(analysis, finding)
    monkeypatch.setenv(STRICT_ENV, "0")
    assert compute_fix(analysis, finding) is None
