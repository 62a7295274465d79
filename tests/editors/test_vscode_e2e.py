"""The VS Code extension in a real VS Code (code-server in headless Chromium), against the real
server: diagnostics, squiggles, Problems panel, hover, quick fix, commands, status bar.

The suite itself lives in editors/vscode/test (suite: runs in the extension host; e2e: the
driver). Screenshots of each step go to tests/artifacts/vscode/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from . import tools
from .expectations import CONTROL_DIR, prepare_workspace

pytestmark = pytest.mark.timeout(600)


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def test_vscode_extension_end_to_end(tmp_path):
    chromium = tools.chromium()
    code_server = tools.code_server()
    node = tools.node()
    npm = tools.npm()
    tools.extension_dependencies()

    build = _run([str(npm), "run", "build:test"], cwd=tools.VSCODE_EXTENSION, timeout=120)
    assert build.returncode == 0, f"building the extension failed:\n{build.stdout}\n{build.stderr}"

    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, venv=tools.venv())
    artifacts = tools.ARTIFACTS / "vscode"
    shutil.rmtree(artifacts, ignore_errors=True)

    # Run from a VS Code terminal, these would point the test instance at the user's own VS Code;
    # a model key would send the explain step to a model (the profile sets no backlint.* at all).
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VSCODE_", "ANTHROPIC_", "OPENAI_"))}
    run = _run(
        [
            str(node),
            str(tools.VSCODE_EXTENSION / "out" / "test" / "e2e" / "run.js"),
            "--code-server",
            str(code_server),
            "--chromium",
            str(chromium),
            "--workspace",
            str(workspace),
            "--extension",
            str(tools.VSCODE_EXTENSION),
            "--artifacts",
            str(artifacts),
            "--timeout",
            "300",
        ],
        env=env,
        timeout=420,
    )
    results_file = workspace / CONTROL_DIR / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else []
    failed = [result for result in results if not result["ok"]]
    report = "\n".join(f"{'ok  ' if r['ok'] else 'FAIL'} {r['name']}" for r in results)
    assert run.returncode == 0 and results and not failed, (
        f"the VS Code suite failed (exit {run.returncode}); screenshots in {artifacts}\n{report}\n\n"
        + "\n".join(f"{r['name']}:\n{r.get('error', '')}" for r in failed)
        + f"\n\ndriver output:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}"
    )
    # Every step of the walk-through left its screenshot.
    shots = sorted(path.name for path in artifacts.glob("*.png"))
    for step in (
        "squiggles",
        "statusbar",
        "problems",
        "hover",
        "quickfix",
        "after-fix",
        "payload",
        "explain",
        "output",
        "notifications",
    ):
        assert any(name.endswith(f"-{step}.png") for name in shots), f"no screenshot of {step}: {shots}"
