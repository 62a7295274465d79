"""Settings: client settings layered over the project's file config, reloads, and bad values."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import diagnostics, is_pull, open_document, with_rule

pytestmark = pytest.mark.asyncio(loop_scope="module")

SOURCE = """\
def charge(order):
    try:
        submit(order)
    except Exception:
        pass
"""


def _configuration_changed(client) -> None:
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))


@pytest.mark.parametrize("profile", ["vscode", "neovim"])
async def test_client_settings_change_takes_effect(launch, project, profile):
    client = await launch(profile)
    uri = open_document(client, project / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")

    client.set_configuration({"backlint": {"debounceMs": 0, "ignore": ["BL201"]}})
    _configuration_changed(client)
    assert await _after_reload(client, uri, lambda found: not found)

    client.set_configuration({"backlint": {"debounceMs": 0, "severity": {"BL201": "error"}}})
    _configuration_changed(client)
    assert await _after_reload(client, uri, lambda found: found and found[0].severity == types.DiagnosticSeverity.Error)


async def _after_reload(client, uri, expect):
    """BL201 diagnostics once the reload shows: pushed anew, or pulled (a pull waits for a reload)."""
    if is_pull(client):
        return expect(with_rule(await diagnostics(client, uri, 1), "BL201"))
    published = client.recorder.published[uri]
    params = await client.recorder.wait_until(
        lambda: expect(with_rule(list(published[-1].diagnostics), "BL201")) and published[-1]
    )
    return expect(with_rule(list(params.diagnostics), "BL201"))


async def test_bad_value_names_the_key_and_keeps_the_last_good_settings(launch, project):
    client = await launch("vscode", settings={"ignore": ["BL201"]})
    uri = open_document(client, project / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201") == []

    client.set_configuration({"backlint": {"debounceMs": "soon", "ignore": []}})
    _configuration_changed(client)
    message = await client.recorder.wait_until(
        lambda: next((m for m in client.messages if "debounceMs" in m.message), None)
    )
    assert message.type in (types.MessageType.Warning, types.MessageType.Error)

    # Still the last good settings (BL201 ignored) for new text.
    text = SOURCE + "\n\ndef refund(order):\n    try:\n        undo(order)\n    except:\n        pass\n"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    assert with_rule(await diagnostics(client, uri, 2), "BL201") == []


async def test_unknown_rule_in_select_is_reported(launch, project):
    client = await launch("vscode", settings={"select": ["BL999"]})
    message = await client.recorder.wait_until(
        lambda: next((m for m in client.messages if "select" in m.message), None)
    )
    assert "BL999" in message.message


async def test_project_config_file_is_layered_and_reloaded(launch, project):
    config = project / "pyproject.toml"
    config.write_text('[tool.backlint]\nignore = ["BL201"]\n')
    client = await launch("vscode")
    uri = open_document(client, project / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201") == []
    # The server asked to be told when config files change (VS Code registers watchers dynamically).
    watched = [r for r in client.recorder.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched

    config.write_text("[tool.backlint]\nignore = []\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await client.recorder.wait_until(lambda: with_rule(list(client.recorder.published[uri][-1].diagnostics), "BL201"))


async def test_initialization_options_apply(launch, project):
    client = await launch("neovim", initialization_options={"ignore": ["BL201"]})
    uri = open_document(client, project / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201") == []


async def test_excluded_files_get_no_diagnostics(launch, project):
    client = await launch("vscode", settings={"exclude": ["generated/**"]})
    (project / "generated").mkdir()
    uri = open_document(client, project / "generated" / "billing.py", SOURCE)
    assert await diagnostics(client, uri, 1) == []


async def test_on_save_mode_waits_for_save(launch, project):
    client = await launch("vscode", settings={"run": "onSave"})
    uri = open_document(client, project / "billing.py", "x = 1\n")
    assert await diagnostics(client, uri, 1) == []
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(text=SOURCE)],
        )
    )
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    published = await client.recorder.wait_until(lambda: [p for p in client.recorder.published[uri] if p.version == 2])
    assert len(published) == 1, "nothing is published for the unsaved change itself"
    assert with_rule(list(published[0].diagnostics), "BL201")
