"""Position encodings: ranges land on the exact token after é, CJK and an emoji, in every encoding."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import (
    change_document,
    diagnostics,
    encoding_of,
    open_document,
    position_in,
    span,
    with_rule,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

LINE = 'label = "é中😀"; cursor.execute(f"SELECT id FROM users WHERE email = \'{email}\'")'
SOURCE = f"import sqlite3\n\ncursor = sqlite3.connect(':memory:').cursor()\n{LINE}\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
async def test_ranges_after_multibyte_text(launch, project, encoding):
    client = await launch("neovim", encodings=[encoding])
    assert encoding_of(client) == encoding
    uri = open_document(client, project / "query.py", SOURCE)
    found = with_rule(await diagnostics(client, uri, 1), "BL101")
    assert len(found) == 1
    start = LINE.index("execute")
    expected = (3, position_in(SOURCE, 3, start, encoding), 3, position_in(SOURCE, 3, len(LINE), encoding))
    assert span(found[0]) == expected

    # An edit addressed in the same encoding, right after the emoji: the finding shifts by one character.
    after_emoji = position_in(SOURCE, 3, LINE.index("😀") + 1, encoding)
    change_document(client, uri, 2, (3, after_emoji, 3, after_emoji, "!"))
    text = SOURCE.replace("😀", "😀!")
    moved = with_rule(await diagnostics(client, uri, 2), "BL101")
    assert span(moved[0]) == (
        3,
        position_in(text, 3, start + 1, encoding),
        3,
        position_in(text, 3, len(LINE) + 1, encoding),
    )

    hover = await client.text_document_hover_async(
        types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(3, position_in(text, 3, start + 3, encoding))
        )
    )
    assert hover is not None and "BL101" in hover.contents.value


async def test_vscode_gets_utf16_by_default(launch, project):
    client = await launch("vscode")
    assert encoding_of(client) == "utf-16"
    uri = open_document(client, project / "query.py", SOURCE)
    found = with_rule(await diagnostics(client, uri, 1), "BL101")
    assert found[0].range.start.character == position_in(SOURCE, 3, LINE.index("execute"), "utf-16")
