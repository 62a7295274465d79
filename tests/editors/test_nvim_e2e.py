"""editors/nvim in a real headless Neovim (0.11+) against the real server: diagnostics and their
UTF-8 ranges, hover, code actions and the applied fix, and each :Backlint command; and each setup
the READMEs show, run as written, starting without a single backlint warning or error.

The checks are in nvim_e2e.lua; this test prepares the workspace, writes the user's init.lua and
reports the results.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from . import tools
from .expectations import prepare_workspace

pytestmark = pytest.mark.timeout(420)
HERE = Path(__file__).parent
SCRIPT = HERE / "nvim_e2e.lua"
MESSAGES = HERE / "nvim_messages.lua"
LAZY = HERE / "nvim_lazy.lua"
README = tools.REPO / "README.md"
NVIM_README = tools.NVIM_CONFIG / "README.md"
PLUGIN_PLACEHOLDER = "/path/to/backlint/editors/nvim"


def readme_snippet(readme: Path, heading: str) -> str:
    """The first code block after the line `heading` (fenced, or indented by four spaces)."""
    lines = readme.read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == heading]
    assert len(starts) == 1, f"{readme.name} should have one `{heading}` line: update the test"
    i = starts[0] + 1
    while i < len(lines) and not lines[i].startswith(("```", "    ", "#")):
        i += 1
    assert i < len(lines) and not lines[i].startswith("#"), f"no code block after `{heading}` in {readme.name}"
    if lines[i].startswith("```"):
        end = lines.index("```", i + 1)
        block = lines[i + 1 : end]
    else:
        end = i
        while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
            end += 1
        block = lines[i:end]
    return textwrap.dedent("\n".join(block)).strip() + "\n"


def _plugin_path(snippet: str) -> str:
    assert PLUGIN_PLACEHOLDER in snippet, f"the snippet no longer loads {PLUGIN_PLACEHOLDER}:\n{snippet}"
    return snippet.replace(PLUGIN_PLACEHOLDER, str(tools.NVIM_CONFIG))


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string for these paths


def _lazy(spec: str) -> str:
    return f"dofile({_lua_string(str(LAZY))})({_plugin_path(spec).strip()})\n"


def readme_setups() -> dict[str, tuple[str, bool]]:
    """id -> (the user's init.lua, whether it needs `backlint` on PATH)."""
    plain = readme_snippet(README, "Plain runtimepath:")
    append = next(line for line in plain.splitlines() if "runtimepath" in line)
    backlint = tools.venv() / "bin" / "backlint"
    return {
        "readme-runtimepath": (_plugin_path(plain), False),
        "setup-empty": (_plugin_path(f'{append}\nrequire("backlint").setup({{}})\n'), False),
        "setup-cmd": (
            _plugin_path(
                f'{append}\nrequire("backlint").setup({{ cmd = {{ {_lua_string(str(backlint))}, "serve" }} }})\n'
            ),
            False,
        ),
        "readme-lazy": (_lazy(readme_snippet(README, "lazy.nvim:")), False),
        "readme-lspconfig": (readme_snippet(README, "Without the plugin (nvim-lspconfig style):"), True),
        "nvim-readme-runtimepath": (_plugin_path(readme_snippet(NVIM_README, "## Plain runtimepath")), False),
        "nvim-readme-lazy": (_lazy(readme_snippet(NVIM_README, "## lazy.nvim")), False),
        "nvim-readme-lspconfig": (readme_snippet(NVIM_README, "## nvim-lspconfig style"), True),
    }


def run_neovim(tmp_path: Path, init_lua: str, *, suite: str, backlint_on_path: bool = False) -> list[dict]:
    """Runs nvim_e2e.lua in a headless Neovim whose only configuration is `init_lua`."""
    nvim = tools.nvim()
    version = subprocess.run([str(nvim), "--version"], capture_output=True, text=True, timeout=30).stdout.split("\n")[0]
    major, minor = (int(re.sub(r"\D.*", "", part)) for part in version.removeprefix("NVIM v").split(".")[:2])
    assert (major, minor) >= (0, 11), f"{version}: the config needs Neovim 0.11 or newer"

    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, venv=tools.venv())
    results_file = tmp_path / "results.json"
    home = tmp_path / "home"
    # No model keys (nothing may leave the machine) and nothing of a Neovim this may run inside.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANTHROPIC_", "OPENAI_", "NVIM"))}
    # Nothing from the user's own Neovim setup, state or caches takes part; the init.lua is the
    # only configuration, read by Neovim's ordinary start-up (so plugin/ files load as for a user).
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        path = home / name.lower()
        path.mkdir(parents=True, mode=0o700)
        env[name] = str(path)
    system = home / "system"  # no site-wide configuration or packages either
    system.mkdir()
    env.update(XDG_CONFIG_DIRS=str(system), XDG_DATA_DIRS=str(system))
    (home / "xdg_config_home" / "nvim").mkdir()
    (home / "xdg_config_home" / "nvim" / "init.lua").write_text(init_lua)
    env.update(
        HOME=str(home),
        BACKLINT_E2E_WORKSPACE=str(workspace),
        BACKLINT_E2E_RESULTS=str(results_file),
        BACKLINT_E2E_SUITE=suite,
    )
    # The plugin finds the server through the workspace's .venv (or `cmd`), not through PATH.
    path = [p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != tools.venv() / "bin"]
    if backlint_on_path:
        path.insert(0, str(tools.venv() / "bin"))
    env["PATH"] = os.pathsep.join(path)
    run = subprocess.run(
        [str(nvim), "--headless", "--cmd", f"luafile {MESSAGES}", "-c", f"luafile {SCRIPT}"],
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
        + f"\n\ninit.lua:\n{init_lua}"
        + f"\n\nNeovim output:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
        + f"\n\nlsp.log (server messages):\n{server_log}"
    )
    return results


def test_neovim_end_to_end(tmp_path):
    init_lua = textwrap.dedent(
        f"""\
        vim.opt.runtimepath:prepend({_lua_string(str(tools.NVIM_CONFIG))})
        require('backlint').setup({{ settings = {{ llm = {{ provider = 'offline' }} }} }})
        """
    )
    results = run_neovim(tmp_path, init_lua, suite="full")
    assert len(results) >= 11


@pytest.mark.parametrize("setup", sorted(readme_setups()))
def test_readme_setup_starts_without_a_warning(tmp_path, setup):
    init_lua, backlint_on_path = readme_setups()[setup]
    results = run_neovim(tmp_path, init_lua, suite="quick", backlint_on_path=backlint_on_path)
    assert results[-1]["name"] == "no backlint warning or error was shown" and len(results) >= 7
