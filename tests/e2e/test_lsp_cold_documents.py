"""Documents worked on a while ago give up their syntax trees; a fix on one still works."""

from __future__ import annotations

import pytest

from backlint.lsp.analysis import HOT_DOCUMENTS

pytestmark = pytest.mark.asyncio(loop_scope="module")

SQL = (
    "import sqlite3\n\n\ndef find(cursor, name):\n    cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
)


async def test_a_quick_fix_on_a_cold_document_parses_it_again(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n", encoding="utf-8")
    first = tmp_path / "first.py"
    [diagnostic] = await server.open_file(first, SQL)
    for n in range(HOT_DOCUMENTS + 2):  # enough later documents to push the first one out
        await server.open_file(tmp_path / f"later_{n}.py", SQL.replace("find", f"find_{n}"))
    actions = await server.call(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": first.as_uri()},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        },
    )
    [fix] = [action for action in actions["result"] if "parameter" in action["title"].lower()]
    if "edit" not in fix:
        fix = (await server.call("codeAction/resolve", fix))["result"]
    [change] = (
        fix["edit"]["changes"][first.as_uri()]
        if "changes" in fix["edit"]
        else fix["edit"]["documentChanges"][0]["edits"]
    )
    assert "?" in change["newText"] and "{name}" not in change["newText"]
