"""Staying alive: whatever the client sends, the server answers properly and keeps serving."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import change_document, diagnostics, open_document, span, with_rule

pytestmark = pytest.mark.asyncio(loop_scope="module")

SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"


async def test_requests_before_initialize_get_server_not_initialized(raw):
    server = raw()
    early = await server.call(
        "textDocument/hover", {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}
    )
    assert early["error"]["code"] == -32002
    initialized = await server.initialize(capabilities={})
    assert "capabilities" in initialized["result"]
    assert (await server.call("shutdown"))["result"] is None
    server.notify("exit")
    assert await server.exit_code() == 0


async def test_exit_without_shutdown_exits_1(raw):
    server = raw()
    await server.initialize(capabilities={})
    server.notify("exit")
    assert await server.exit_code() == 1


async def test_closed_input_ends_the_process(raw):
    server = raw()
    await server.initialize(capabilities={})
    server.process.stdin.close()
    assert await server.exit_code() == 1


async def test_ill_typed_params_and_unknown_methods_get_errors_and_serving_goes_on(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    bad = await server.call("textDocument/hover", {"textDocument": 5, "position": "here"})
    assert bad["error"]["code"] == -32602
    unknown = await server.call("backlint/noSuchMethod", {})
    assert unknown["error"]["code"] == -32601
    server.notify("$/noSuchNotification", {})
    server.send({"id": 99})  # JSON, but not JSON-RPC
    server.send(b"{not json")
    [not_rpc, *_] = await server.wait(lambda: server.received_after(unknown))
    assert not_rpc["id"] == 99 and not_rpc["error"]["code"] == -32600
    uri = (tmp_path / "a.py").as_uri()
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": SWALLOWED}}
    )
    published = await server.published(uri, 1)
    assert [d["code"] for d in published] == ["BL201"]
    hover = await server.call(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 5}}
    )
    assert "BL201" in hover["result"]["contents"]["value"]
    for response in (bad, unknown):
        assert "traceback" not in str(response["error"]).lower()


async def test_logs_never_contain_document_text(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    marker = "zebra_quartz_marker_8c1f"
    text = f"{marker} = 1\n" + SWALLOWED + "(((\n"  # a syntax error too
    uri = (tmp_path / "a.py").as_uri()
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}
    )
    await server.published(uri, 1)
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": "file:///never/opened.py", "version": 2}, "contentChanges": [{"text": marker}]},
    )
    await server.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 5}})
    await server.call("shutdown")
    server.notify("exit")
    assert await server.exit_code() == 0
    assert marker not in server.stderr()


async def test_change_to_an_unopened_document_is_ignored(client, workspace):
    missing = (workspace / "never_opened.py").as_uri()
    change_document(client, missing, 2, (0, 0, 0, 0, "x = 1\n"))
    uri = open_document(client, workspace / "billing.py", SWALLOWED)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(missing), types.Position(0, 0))
    )
    assert hover is None


async def test_positions_past_the_end_are_clamped(client, workspace):
    uri = open_document(client, workspace / "billing.py", "import os\n")
    await diagnostics(client, uri, 1)
    # Past the last line: the text goes at the end of the document.
    change_document(client, uri, 2, (50, 7, 60, 0, SWALLOWED))
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 2), "BL201")] == [(4, 4, 4, 10)]
    # Past the end of a line: the end of that line.
    change_document(client, uri, 3, (0, 99, 0, 99, "  # os"))
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 3), "BL201")] == [(4, 4, 4, 10)]


async def test_binary_and_odd_text_are_handled(client, workspace):
    binary = open_document(client, workspace / "blob.py", "x = 1\x00\x00\x01\n" + SWALLOWED)
    assert await diagnostics(client, binary, 1) == []
    surrogate = open_document(client, workspace / "odd.py", "s = '\ud800'\n" + SWALLOWED)
    assert [span(d) for d in with_rule(await diagnostics(client, surrogate, 1), "BL201")] == [(4, 4, 4, 10)]
    other = open_document(client, workspace / "notes.md", "# not code\n", language="markdown")
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(other), types.Position(0, 0))
    )
    assert hover is None
