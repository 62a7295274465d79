"""The `sql-parameterize` quick fix of the newer languages through the language server: listed on the
finding, resolved to its edit, and the edited document has no BL101 left (VS Code and Neovim
profiles: UTF-16 and UTF-8 positions)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import (
    apply_text_edits,
    change_document,
    diagnostics,
    edits_for,
    encoding_of,
    open_document,
    with_rule,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

PHP = """\
<?php
use Illuminate\\Support\\Facades\\DB;

function daily(string $from): array
{
    // « daily » totals
    return DB::select("SELECT * FROM orders WHERE created_at >= '$from'");
}
"""

KOTLIN = """\
import org.springframework.jdbc.core.JdbcTemplate

class Users(private val jdbcTemplate: JdbcTemplate) {
    // « byEmail »
    fun byEmail(email: String) = jdbcTemplate.queryForList("SELECT id FROM users WHERE email = '$email'")
}
"""


@pytest.mark.parametrize(
    "name,language,source,line,expected",
    [
        (
            "daily.php",
            "php",
            PHP,
            6,
            PHP.replace("'$from'\");", '?", [$from]);'),
        ),
        (
            "Users.kt",
            "kotlin",
            KOTLIN,
            4,
            KOTLIN.replace("email = '$email'\")", 'email = ?", email)'),
        ),
    ],
)
async def test_quick_fix_parameterizes_the_query(client, workspace, name, language, source, line, expected):
    uri = open_document(client, workspace / name, source, language=language)
    [finding] = with_rule(await diagnostics(client, uri, 1), "BL101")
    assert finding.range.start.line == line
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding], only=[types.CodeActionKind.QuickFix]),
        )
    )
    fixes = [a for a in actions or [] if a.data and a.data.get("kind") == "backlint.fix"]
    assert len(fixes) == 1
    fix = fixes[0] if fixes[0].edit is not None else await client.code_action_resolve_async(fixes[0])
    assert fix.disabled is None and fix.title == "Pass the values as query parameters"
    new_text = apply_text_edits(source, edits_for(fix.edit, uri), encoding_of(client))
    assert new_text == expected
    change_document(client, uri, 2, new_text)
    assert with_rule(await diagnostics(client, uri, 2), "BL101") == []
