"""The settings the VS Code extension contributes mirror the server's defaults exactly."""

from __future__ import annotations

import json

import pytest

from . import tools

# Settings only the extension reads (how to start the server), never sent to it.
CLIENT_ONLY = {"backlint.path", "backlint.interpreter"}


def _flatten(settings: dict, prefix: str = "backlint") -> dict:
    flat = {}
    for key, value in settings.items():
        name = f"{prefix}.{key}"
        # Nested objects are sections (llm), except the settings whose value is a mapping.
        if isinstance(value, dict) and key not in ("severity", "perPathIgnores"):
            flat.update(_flatten(value, name))
        else:
            flat[name] = value
    return flat


def _contributed() -> dict:
    manifest = json.loads((tools.VSCODE_EXTENSION / "package.json").read_text())
    return manifest["contributes"]["configuration"]["properties"]


def test_package_json_defaults_equal_server_defaults():
    settings = pytest.importorskip(
        "backlint.lsp.settings", reason="backlint.lsp.settings is absent: nothing to compare the extension with"
    )
    server = _flatten(settings.default_settings())
    contributed = {name: spec["default"] for name, spec in _contributed().items() if name not in CLIENT_ONLY}
    assert contributed == server


def test_every_contributed_setting_has_a_type_and_description():
    for name, spec in _contributed().items():
        assert "type" in spec, name
        assert spec.get("markdownDescription") or spec.get("description"), name


def test_settings_from_outside_the_user_cannot_redirect_the_model():
    # An endpoint or persona file from a repository's .vscode/settings.json could send code elsewhere.
    properties = _contributed()
    for name in ("backlint.llm.baseUrl", "backlint.llm.promptFile"):
        assert properties[name]["scope"] == "application", name
