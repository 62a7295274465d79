"""editors/nvim in a real headless Neovim (0.11+) against the real server: diagnostics and their
UTF-8 ranges, hover, code actions and the applied fix, and each :Backlint command.

The checks are in nvim_e2e.lua; this test prepares the workspace and reports their results.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from . import tools
from .expectations import prepare_workspace

pytestmark = pytest.mark.timeout(420)
SCRIPT = Path(__file__).with_name("nvim_e2e.lua")


def test_neovim_end_to_end(tmp_path):
    nvim = tools.nvim()
    version = subprocess.run([str(nvim), "--version"], capture_output=True, text=True, timeout=30).stdout.split("\n")[0]
    major, minor = (int(part) for part in version.removeprefix("NVIM v").split(".")[:2])
    assert (major, minor) >= (0, 11), f"{version}: the config needs Neovim 0.11 or newer"

    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, venv=tools.venv())
    results_file = tmp_path / "results.json"
    home = tmp_path / "home"
    env = dict(os.environ)
    # Nothing from the user's own Neovim setup, state or caches takes part.
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        path = home / name.lower()
        path.mkdir(parents=True, mode=0o700)
        env[name] = str(path)
    env.update(
        HOME=str(home),
        BACKLINT_NVIM_CONFIG=str(tools.NVIM_CONFIG),
        BACKLINT_E2E_WORKSPACE=str(workspace),
        BACKLINT_E2E_RESULTS=str(results_file),
    )
    # The server is found through the workspace's .venv, not through PATH.
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != tools.venv() / "bin")
    run = subprocess.run(
        [str(nvim), "--headless", "--clean", "-c", f"luafile {SCRIPT}"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=360,
        stdin=subprocess.DEVNULL,
    )
    results = json.loads(results_file.read_text()) if results_file.exists() else []
    lsp_log = home / "xdg_state_home" / "nvim" / "lsp.log"
    server_log = lsp_log.read_text(errors="replace")[-6000:] if lsp_log.exists() else "(no lsp.log)"
    failed = [result for result in results if not result["ok"]]
    report = "\n".join(f"{'ok  ' if r['ok'] else 'FAIL'} {r['name']}" for r in results)
    assert run.returncode == 0 and results and not failed, (
        f"the Neovim suite failed (exit {run.returncode})\n{report}\n\n"
        + "\n\n".join(f"{r['name']}:\n{r.get('error', '')}" for r in failed)
        + f"\n\nNeovim output:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
        + f"\n\nlsp.log (server messages):\n{server_log}"
    )
    assert len(results) >= 8
