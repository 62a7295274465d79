"""Hover and code actions: quick fixes (their resulting text), suppression comments, fix-all."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import (
    apply_text_edits,
    change_document,
    diagnostics,
    edits_for,
    encoding_of,
    help_uri,
    open_document,
    with_rule,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SOURCE = """\
import logging
import os

logger = logging.getLogger(__name__)


def charge(order):
    try:
        submit(order)
    except Exception:
        pass


API_KEY = "sk_live_51HbQxT2eZvKYlo2C8rS9mN4pQ7wX3vB6"
"""


def _point(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


async def _actions(client, uri, line, character, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(_point(line, character), _point(line, character)),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


async def _resolved(client, action: types.CodeAction) -> types.CodeAction:
    if action.edit is None and action.data is not None:
        action = await client.code_action_resolve_async(action)
    return action


async def _apply(client, uri, text, version, action) -> str:
    """Apply the action's edit to our copy and send it to the server as the editor would."""
    edits = edits_for(action.edit, uri)
    new_text = apply_text_edits(text, edits, encoding_of(client))
    change_document(client, uri, version, new_text)
    return new_text


async def test_hover_explains_the_finding_and_nothing_on_clean_code(client, workspace):
    uri = open_document(client, workspace / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), _point(9, 6)))
    assert hover is not None
    text = hover.contents.value
    assert "BL201" in text and "swallowed-exception" in text
    assert "```python" in text  # the "instead" example, in the document's language
    assert help_uri("python", "BL201") in text
    assert (hover.range.start.line, hover.range.start.character, hover.range.end.character) == (9, 4, 10)
    clean = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), _point(3, 2)))
    assert clean is None
    past_the_end = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), _point(900, 900))
    )
    assert past_the_end is None


async def test_log_and_reraise_fix_gives_the_expected_text(client, workspace):
    uri = open_document(client, workspace / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")
    actions = await _actions(client, uri, 9, 5, only=[types.CodeActionKind.QuickFix])
    fixes = [a for a in actions if a.data and a.data.get("kind") == "backlint.fix"]
    assert len(fixes) == 1
    fix = await _resolved(client, fixes[0])
    assert fix.disabled is None
    assert fix.title == "Log the exception and re-raise it"
    new_text = await _apply(client, uri, SOURCE, 2, fix)
    assert new_text == SOURCE.replace(
        "    except Exception:\n        pass\n",
        '    except Exception:\n        logger.exception("charge failed")\n        raise\n',
    )
    assert with_rule(await diagnostics(client, uri, 2), "BL201") == []


async def test_secret_fix_reads_the_environment_and_adds_env_example(client, workspace):
    env_example = client.root / ".env.example"
    can_create = bool(client.capabilities.workspace.workspace_edit.document_changes)
    if not can_create:  # such a client can only edit files that exist
        env_example.write_text("DATABASE_URL=\n")
    uri = open_document(client, workspace / "settings.py", SOURCE)
    found = with_rule(await diagnostics(client, uri, 1), "BL301")
    assert found, "the provider-token rule should report the key"
    line = found[0].range.start.line
    actions = await _actions(
        client, uri, line, found[0].range.start.character + 1, only=[types.CodeActionKind.QuickFix]
    )
    fix = await _resolved(client, next(a for a in actions if a.data and a.data.get("kind") == "backlint.fix"))
    assert "rotate" in fix.title
    new_text = await _apply(client, uri, SOURCE, 2, fix)
    assert 'API_KEY = os.environ["API_KEY"]\n' in new_text
    assert "sk_live_" not in new_text
    appended = edits_for(fix.edit, env_example.as_uri())
    assert [e.new_text for e in appended] == ["API_KEY=\n"]
    assert appended[0].range.start.line == (0 if can_create else 1)
    if can_create:
        assert any(isinstance(c, types.CreateFile) for c in fix.edit.document_changes)
    assert with_rule(await diagnostics(client, uri, 2), "BL301") == []


async def test_ignore_on_this_line_and_in_this_file(client, workspace):
    uri = open_document(client, workspace / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")
    actions = await _actions(client, uri, 9, 5)
    by_title = {a.title: a for a in actions}
    line_action = by_title["Ignore BL201 on this line"]
    file_action = by_title["Ignore BL201 in this file"]

    text = await _apply(client, uri, SOURCE, 2, line_action)
    assert "    # backlint: ignore[BL201]\n    except Exception:\n" in text
    assert with_rule(await diagnostics(client, uri, 2), "BL201") == []

    text = await _apply(client, uri, SOURCE, 3, file_action)  # back to the original, file-wide this time
    assert text.startswith("# backlint: ignore-file[BL201]\nimport logging\n")
    assert with_rule(await diagnostics(client, uri, 3), "BL201") == []
    assert with_rule(await diagnostics(client, uri, 3), "BL301"), "other rules still report"


async def test_no_actions_on_clean_code_and_out_of_range(client, workspace):
    uri = open_document(client, workspace / "clean.py", "x = 1\n")
    await diagnostics(client, uri, 1)
    assert not await _actions(client, uri, 0, 0)
    assert not await _actions(client, uri, 400, 2)


async def test_stale_fix_is_disabled_not_applied(client, workspace):
    uri = open_document(client, workspace / "billing.py", SOURCE)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")
    actions = await _actions(client, uri, 9, 5, only=[types.CodeActionKind.QuickFix])
    fix = next(a for a in actions if a.data and a.data.get("kind") == "backlint.fix")
    if fix.edit is not None:
        pytest.skip("this client resolves eagerly")
    change_document(client, uri, 2, (0, 0, 0, 0, "\n"))
    await diagnostics(client, uri, 2)
    resolved = await client.code_action_resolve_async(fix)
    assert resolved.edit is None and resolved.disabled is not None


async def test_fix_all_applies_only_safe_fixes(client, workspace):
    uri = open_document(client, workspace / "billing.py", SOURCE)
    before = await diagnostics(client, uri, 1)
    actions = await _actions(client, uri, 0, 0, only=["source.fixAll"])
    for action in actions:
        assert action.kind == "source.fixAll.backlint"
        action = await _resolved(client, action)
        if action.edit is None:
            continue  # nothing safe to fix: offered nothing
        await _apply(client, uri, SOURCE, 2, action)
        after = await diagnostics(client, uri, 2)
        assert len(after) < len(before)
