"""Zero-setup VS Code: the platform-specific .vsix carries the server and its Python packages.

scripts/package-vsix.sh builds it (offline, from the wheels scripts/install-editors.sh fetched); the
test installs it into code-server with --install-extension and runs it where backlint is importable
from nowhere: PATH holds the system's folders only (its python3, no .venv), and no PYTHONPATH. The
extension must find that python3 and run the bundled server with it: diagnostics, hover and quick fix
as the core computes them (editors/vscode/test/suite/bundled.ts). Screenshots go to
tests/artifacts/vscode-bundled/.

The locator's decisions (which Python, in which order, what to say when there is none) are unit
tests of the extension (editors/vscode/test/unit), run here too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from . import tools
from .expectations import CONTROL_DIR, prepare_workspace

pytestmark = pytest.mark.timeout(900)

# Only the machine's own folders: no .venv/bin, no pyenv shims, nothing of the user's.
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
# What the server needs to have brought along for each Python the bundle supports.
PER_VERSION_MODULES = ("tree_sitter/_binding", "pydantic_core/_pydantic_core", "jiter/jiter")


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)


def test_server_locator_unit_tests():
    npm = tools.npm()
    tools.extension_dependencies()
    result = _run([npm, "run", "test:unit"], cwd=tools.VSCODE_EXTENSION, timeout=120)
    assert result.returncode == 0, (
        f"the extension's unit tests failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )


def _without_backlint_env(home: Path, system_python: Path) -> dict[str, str]:
    """The editor's environment: the system's PATH (with the chosen python3's folder first), a
    fresh HOME (no user site-packages), and no variable that would hand Python another library."""
    path = os.pathsep.join(dict.fromkeys((str(system_python.parent), *SYSTEM_PATH)))
    dropped = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV", "CONDA_PREFIX")
    env = {
        key: value for key, value in tools.editor_env().items() if key not in dropped and not key.startswith("PYENV")
    }
    env.update(PATH=path, HOME=str(home))
    return env


def _check_environment_has_no_backlint(env: dict[str, str]) -> str:
    """The python3 the extension will find on PATH: 3.11 or newer, and no backlint importable in it."""
    assert shutil.which("backlint", path=env["PATH"]) is None, "a backlint executable on the test's PATH"
    python3 = shutil.which("python3", path=env["PATH"])
    assert python3, f"no python3 on {env['PATH']}"
    probe = _run([python3, "-c", "import sys; print(sys.version_info[:2])"], env=env, timeout=30)
    version = re.fullmatch(r"\((\d+), (\d+)\)\s*", probe.stdout)
    assert version and (int(version[1]), int(version[2])) >= (3, 11), f"{python3} is not Python 3.11+: {probe}"
    for name in ("python3", "python"):
        found = shutil.which(name, path=env["PATH"])
        if found:
            imported = _run([found, "-c", "import backlint"], env=env, timeout=30)
            assert imported.returncode != 0 and "No module named 'backlint'" in imported.stderr, (
                f"{found} can import backlint without the bundle: the test would prove nothing"
            )
    return python3


def _check_vsix(vsix: Path, target: str) -> None:
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        bundle = json.loads(archive.read("extension/bundled/bundle.json"))
        manifest = archive.read("extension.vsixmanifest").decode()
    assert f'TargetPlatform="{target}"' in manifest
    assert bundle["target"] == target
    assert {
        "extension/package.json",
        "extension/out/extension.js",
        "extension/bundled/libs/backlint/__init__.py",
    } <= names
    # The rule records and docs the server reads travel inside its package.
    assert any(name.startswith("extension/bundled/libs/backlint/queries/") for name in names)
    assert any(name.startswith("extension/bundled/libs/backlint/docs/rules/") for name in names)
    for version in bundle["python"]:
        tag = f".cpython-{version.replace('.', '')}-"
        for module in PER_VERSION_MODULES:
            prefix = f"extension/bundled/libs/{module}{tag}"
            assert any(name.startswith(prefix) for name in names), f"no {module} for Python {version} in the .vsix"
    # No console scripts (they would name the packaging machine's Python), no sources of the
    # extension, no node_modules (esbuild bundled them), no compiled bytecode.
    assert not [name for name in names if name.startswith("extension/bundled/libs/bin/")]
    assert not [name for name in names if name.endswith((".ts", ".map", ".pyc")) or "node_modules" in name]


def test_bundled_vsix_runs_with_only_a_system_python(tmp_path):
    target = tools.vsix_target()
    if target != "linux-x64":
        pytest.skip(f"the bundled .vsix test runs on linux-x64 (code-server's platform here), not {target}")
    tools.chromium()
    tools.code_server()
    tools.npm()
    tools.extension_dependencies()
    wheelhouse = tools.vsix_wheelhouse(target)
    (tmp_path / "home").mkdir()
    env = _without_backlint_env(tmp_path / "home", tools.system_python())
    python3 = _check_environment_has_no_backlint(env)

    out = tmp_path / "vsix"
    script = tools.REPO / "scripts" / "package-vsix.sh"
    options = ["--offline", "--target", target, "--wheelhouse", wheelhouse.parent, "--out", out]
    package = _run(["bash", script, *options], cwd=tools.REPO, timeout=600)
    assert package.returncode == 0, (
        f"scripts/package-vsix.sh failed:\n{package.stdout[-6000:]}\n{package.stderr[-4000:]}"
    )
    vsix = out / f"backlint-{target}.vsix"
    _check_vsix(vsix, target)
    # The bundle is packed, not left where a development run of the extension would pick it up.
    assert not (tools.VSCODE_EXTENSION / "bundled").exists()

    tools.build_extension_tests()
    workspace = tmp_path / "workspace"
    prepare_workspace(workspace)  # no .venv: the server can only come from the .vsix
    (workspace / CONTROL_DIR / "environment.json").write_text(json.dumps({"python": python3, "target": target}))
    artifacts = tools.ARTIFACTS / "vscode-bundled"
    tools.run_vscode_suite(
        workspace,
        artifacts,
        env=env,
        extension=tools.VSCODE_EXTENSION / "test" / "host",
        suite=tools.VSCODE_EXTENSION / "out" / "test" / "suite" / "bundled.js",
        install=vsix,
    )
    tools.assert_screenshots(artifacts, ("squiggles", "hover", "notifications", "quickfix", "after-fix"))
