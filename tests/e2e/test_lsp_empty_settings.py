"""Lua clients encode an empty table as `[]`. The real server takes an empty array as
"no settings" without a word, wherever settings arrive, and still rejects a non-empty one by name."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import diagnostics, is_pull, open_document, with_rule

from .test_lsp_settings import SOURCE

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _reload_with(client, uri: str, section) -> list[types.Diagnostic]:
    """Answer workspace/configuration with `section` from now on, tell the server, and return the
    BL201 diagnostics once the reload is over (a pull waits for it; a push follows a good one)."""
    pushed_before = len(client.recorder.published[uri])
    client.set_configuration({"backlint": section})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"backlint": section}))
    if is_pull(client):
        found = await diagnostics(client, uri, 1)
    else:
        published = client.recorder.published[uri]
        # A rejected layer publishes nothing but a message: wait for either, so that fails fast.
        await client.recorder.wait_until(lambda: len(published) > pushed_before or client.messages)
        found = list(published[-1].diagnostics)
    assert [m.message for m in client.messages] == []
    return with_rule(found, "BL201")


@pytest.mark.parametrize("profile", ["neovim", "vscode"])
async def test_empty_arrays_mean_no_settings_and_say_nothing(launch, project, profile):
    client = await launch(profile, initialization_options=[])
    uri = open_document(client, project / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201"), "the defaults apply"

    # The plugin's `settings = { backlint = {} }`, in workspace/configuration and didChangeConfiguration.
    assert await _reload_with(client, uri, [])
    # Empty Lua tables where the settings hold objects.
    found = await _reload_with(client, uri, {"severity": [], "perPathIgnores": [], "llm": []})
    assert found and found[0].severity == types.DiagnosticSeverity.Warning
    # The settings still apply after all that.
    found = await _reload_with(client, uri, {"severity": {"BL201": "error"}})
    assert found and found[0].severity == types.DiagnosticSeverity.Error

    assert [m.message for m in client.messages] == []


async def test_a_non_empty_array_is_still_an_error_that_names_the_key(launch, project):
    client = await launch("neovim", initialization_options=["BL201"])
    message = await client.recorder.wait_until(lambda: next(iter(client.messages), None))
    assert message.type == types.MessageType.Warning
    assert "initializationOptions" in message.message and "`backlint` settings must be an object" in message.message

    # Nested: `llm` answered as a list by workspace/configuration.
    client = await launch("neovim", settings={"llm": ["offline"]})
    message = await client.recorder.wait_until(lambda: next(iter(client.messages), None))
    assert message.type == types.MessageType.Warning
    assert "`backlint.llm` must be an object" in message.message
