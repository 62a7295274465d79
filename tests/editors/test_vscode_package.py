"""`npm run package` builds an installable .vsix with the bundled extension and nothing else."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest

from . import tools

pytestmark = pytest.mark.timeout(300)


def test_package_builds_a_vsix_with_the_bundle():
    npm = tools.npm()
    tools.extension_dependencies()
    vsix = tools.VSCODE_EXTENSION / "backlint.vsix"
    vsix.unlink(missing_ok=True)
    result = subprocess.run(
        [str(npm), "run", "package"], cwd=tools.VSCODE_EXTENSION, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, f"npm run package failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    with zipfile.ZipFile(vsix) as archive:
        names = {name.lower() for name in archive.namelist()}
        manifest = json.loads(archive.read("extension/package.json"))
    assert {
        "extension/package.json",
        "extension/out/extension.js",
        "extension/readme.md",
        "extension/license.txt",
    } <= names
    # Sources, tests, source maps and node_modules stay out (esbuild bundled what is needed).
    assert not [name for name in names if name.endswith((".ts", ".map")) or "node_modules" in name or "/test/" in name]
    assert manifest["main"] == "./out/extension.js"
    assert manifest["dependencies"]["vscode-languageclient"].startswith("9.")
