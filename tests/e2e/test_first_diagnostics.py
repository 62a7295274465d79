"""The first opened document's diagnostics go out before pygls is imported, equal to the server's own.

Driven over raw stdio: `initialize` is written as the process starts (as editors do), then
`initialized` and `didOpen` back to back.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_quick_initialize import QUICK_ENV, ends_cleanly, initialize, initialize_params

pytestmark = pytest.mark.asyncio(loop_scope="module")

SOURCE = (
    "def find(cursor, name):\n"
    '    cursor.execute("SELECT * FROM users WHERE name = \'" + name + "\'")\n'
    "\n"
    "def charge(order):\n"
    "    try:\n"
    "        submit(order)\n"
    "    except Exception:\n"
    "        pass\n"
    "\n"
    "def broken(:\n"
)
EARLY = "published a document's diagnostics before the server was ready"


def open_document(server, uri: str) -> None:
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": SOURCE}}
    )


async def publications(server, uri: str, count: int) -> list[dict]:
    return await server.wait(lambda: (found := server.wire.publications(uri)) and len(found) >= count and found)


async def test_the_early_publication_is_the_one_the_server_makes(raw, tmp_path):
    server = raw(**QUICK_ENV)
    # The VS Code extension sends its settings as initializationOptions too: here, none.
    await initialize(server, initialize_params(tmp_path, "vscode", initializationOptions={"backlint": {}}))
    uri = (tmp_path / "orders.py").as_uri()
    open_document(server, uri)
    early = (await publications(server, uri, 1))[0]
    codes = sorted(d["code"] for d in early["diagnostics"])
    assert codes == ["BL101", "BL201", "syntax"]
    # Hovering over it at once waits for the server's own analysis.
    hover = await server.call(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 6, "character": 5}}
    )
    assert "BL201" in hover["result"]["contents"]["value"]
    served = (await publications(server, uri, 2))[1]
    assert early == served  # same version, same diagnostics, to the byte of their JSON
    await ends_cleanly(server)
    assert EARLY in server.stderr()


async def test_the_early_publication_follows_the_initialization_options(raw, tmp_path):
    server = raw(**QUICK_ENV)
    options = {"backlint": {"select": ["BL2"], "severity": {"BL201": "error"}}}
    await initialize(server, initialize_params(tmp_path, "vscode", initializationOptions=options))
    uri = (tmp_path / "orders.py").as_uri()
    open_document(server, uri)
    early, served = (await publications(server, uri, 2))[:2]
    found = [(d["code"], d["severity"]) for d in early["diagnostics"] if d["code"] != "syntax"]
    assert found == [("BL201", 1)]
    assert early == served
    await ends_cleanly(server)
    assert EARLY in server.stderr()


async def test_a_client_that_pulls_diagnostics_gets_none_pushed(raw, tmp_path):
    server = raw(**QUICK_ENV)
    await initialize(server, initialize_params(tmp_path, "neovim"))
    uri = (tmp_path / "orders.py").as_uri()
    open_document(server, uri)
    report = await server.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    assert {d["code"] for d in report["result"]["items"]} >= {"BL101", "BL201"}
    assert server.wire.publications(uri) == []
    await ends_cleanly(server)
    assert EARLY not in server.stderr()


async def test_a_client_whose_settings_come_only_when_asked_waits_for_them(raw, tmp_path):
    # It could turn a rule off in its answer to workspace/configuration: nothing is published before.
    server = raw(**QUICK_ENV)
    await initialize(server, initialize_params(tmp_path, "vscode"))
    uri = (tmp_path / "orders.py").as_uri()
    open_document(server, uri)
    assert len(await publications(server, uri, 1)) == 1
    await ends_cleanly(server)
    assert EARLY not in server.stderr()
