"""The sample workspace for the editor suites, and what the editors must show for it.

Expectations come from the core itself (the same function the CLI and the server call), so the
editor suites check the whole path from core to screen: same findings, same fingerprints, positions
converted to the editor's encoding (UTF-16 for VS Code, UTF-8 bytes for Neovim), and a quick fix
that leaves exactly the text the core's verified fix produces.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from backlint.core import engine, rules
from backlint.core.fixes import apply_edits, compute_fix

WORKSPACE = Path(__file__).parent / "workspace"
# Opened in the editor by the suites; the last one is left closed for "scan workspace".
OPENED = ("orders.py", "payments.ts")
UNOPENED = "ledger.go"
# The file whose first finding the explain and payload commands are run on.
PAYLOAD_FILE = "payments.ts"
CONTROL_DIR = ".backlint-e2e"


def _position(line_text: str, column: int) -> dict[str, int]:
    prefix = line_text[:column]
    return {"utf16": len(prefix.encode("utf-16-le")) // 2, "utf8": len(prefix.encode("utf-8"))}


def _ranges(text: str, finding) -> dict[str, dict[str, list[int]]]:
    lines = text.split("\n")
    start, end = finding.span.start, finding.span.end
    first = _position(lines[start.line], start.column)
    last = _position(lines[end.line], end.column)
    return {
        encoding: {"start": [start.line, first[encoding]], "end": [end.line, last[encoding]]}
        for encoding in ("utf16", "utf8")
    }


def _finding_record(text: str, finding, summaries: dict[str, str]) -> dict:
    return {
        "rule": finding.rule_id,
        "fingerprint": finding.fingerprint,
        "message": finding.message,
        "summary": summaries[finding.rule_id],
        **_ranges(text, finding),
    }


def build_expectations(workspace: Path) -> dict:
    summaries = {rule_id: " ".join(record["summary"].split()) for rule_id, record in rules.shared_records().items()}
    files: dict[str, list[dict]] = {}
    fix: dict | None = None
    for name in (*OPENED, UNOPENED):
        analysis = engine.analyze_file(workspace / name, display_path=name)
        text = analysis.source.data.decode("utf-8")
        active = analysis.active()
        if not active:
            raise AssertionError(f"the sample {name} has no findings: the editor suites would prove nothing")
        files[name] = [_finding_record(text, finding, summaries) for finding in active]
        if fix is None and name in OPENED:
            for finding in active:
                verified = compute_fix(analysis, finding)
                if verified is not None and not verified.appends:
                    fix = {
                        "file": name,
                        "fingerprint": finding.fingerprint,
                        "title": verified.title,
                        "fixedText": apply_edits(analysis.source.data, verified.edits).decode("utf-8"),
                    }
                    break
    if fix is None:
        raise AssertionError(
            f"no finding in {', '.join(OPENED)} has a verified deterministic fix, so the quick-fix checks "
            "have nothing to apply (is the rule's fixer registered in backlint.core.fixes?)"
        )
    return {"files": files, "opened": list(OPENED), "unopened": UNOPENED, "fix": fix, "payloadFile": PAYLOAD_FILE}


def prepare_workspace(destination: Path, venv: Path | None = None) -> dict:
    """Copy the samples to `destination` (edits must not touch the repository), link `.venv` to the
    project's environment (how the VS Code extension finds the server), and write the expectations."""
    shutil.copytree(WORKSPACE, destination, dirs_exist_ok=True)
    if venv is not None:
        (destination / ".venv").symlink_to(venv, target_is_directory=True)
    expectations = build_expectations(destination)
    control = destination / CONTROL_DIR
    control.mkdir(exist_ok=True)
    (control / "expectations.json").write_text(json.dumps(expectations, indent=2, ensure_ascii=False), encoding="utf-8")
    return expectations
