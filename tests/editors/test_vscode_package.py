"""`npm run package` builds the universal .vsix: the esbuild bundle of the extension and nothing
else, no Python packages even when a bundle from scripts/package-vsix.sh lies in editors/vscode/bundled
(the platform-specific .vsix that carries the server is tested in test_vscode_bundled.py)."""

from __future__ import annotations

import json
import shutil
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
    # A bundle left by `scripts/package-vsix.sh --keep-bundled` must not get into the universal package.
    bundled = tools.VSCODE_EXTENSION / "bundled"
    planted = not bundled.exists()
    if planted:
        (bundled / "libs" / "backlint").mkdir(parents=True)
        (bundled / "libs" / "backlint" / "__init__.py").write_text("")
        (bundled / "bundle.json").write_text("{}")
    try:
        result = subprocess.run(
            [str(npm), "run", "package"], cwd=tools.VSCODE_EXTENSION, capture_output=True, text=True, timeout=240
        )
    finally:
        if planted:
            shutil.rmtree(bundled)
    assert result.returncode == 0, f"npm run package failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    with zipfile.ZipFile(vsix) as archive:
        names = {name.lower() for name in archive.namelist()}
        manifest = json.loads(archive.read("extension/package.json"))
        vsix_manifest = archive.read("extension.vsixmanifest").decode()
    assert {
        "extension/package.json",
        "extension/out/extension.js",
        "extension/readme.md",
        "extension/license.txt",
    } <= names
    # Sources, tests, source maps and node_modules stay out (esbuild bundled what is needed).
    assert not [name for name in names if name.endswith((".ts", ".map")) or "node_modules" in name or "/test/" in name]
    assert not [name for name in names if name.startswith("extension/bundled/")]
    assert "TargetPlatform" not in vsix_manifest, "the plain package is universal"
    assert manifest["main"] == "./out/extension.js"
    assert manifest["dependencies"]["vscode-languageclient"].startswith("9.")
