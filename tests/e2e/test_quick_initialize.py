"""`backlint serve` answers `initialize` before its heavy imports finish, and serves as before after.

Driven over raw stdio, so the tests control the very first bytes the process reads.
"""

from __future__ import annotations

import json

import pytest
from pygls.protocol import default_converter

from backlint.lsp.quickstart import initialize_result
from tests.support.lsp.client import PROFILES, capabilities
from tests.support.lsp.wire import AsyncWire

pytestmark = pytest.mark.asyncio(loop_scope="module")

SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
EARLY = "answered initialize before the server was ready"
NOT_INITIALIZED = -32002
INVALID_PARAMS = -32602


# Strict mode: a server answer that differs from the early one is shown as a failure.
# INFO: the log says whether the early answer went out.
QUICK_ENV = {"BACKLINT_STRICT": "1", "BACKLINT_LOG_LEVEL": "INFO"}


def initialize_params(root, profile: str | None = None, **extra) -> dict:
    caps = default_converter().unstructure(capabilities(profile)) if profile else {}
    return {"processId": None, "rootUri": root.as_uri(), "capabilities": caps, **extra}


async def initialize(server: AsyncWire, params: dict) -> dict:
    response = await server.call("initialize", params)
    server.notify("initialized", {})
    return response


async def bl201(server: AsyncWire, uri: str, pull: bool) -> list[dict]:
    """The BL201 diagnostics for the document: pulled, or waited for."""
    if pull:
        report = await server.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        items = report["result"]["items"]
    else:
        items = await server.published(uri, 1)
    return [d for d in items if d["code"] == "BL201"]


async def serves_a_document(server: AsyncWire, root, pull: bool = False) -> list[dict]:
    uri = (root / "billing.py").as_uri()
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": SWALLOWED}}
    )
    found = await bl201(server, uri, pull)
    hover = await server.call(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 5}}
    )
    assert "BL201" in hover["result"]["contents"]["value"]
    return found


async def ends_cleanly(server: AsyncWire) -> None:
    assert (await server.call("shutdown"))["result"] is None
    server.notify("exit")
    assert await server.exit_code() == 0
    failures = [m for m in server.shown_messages() if "strict mode" in m]
    assert failures == []


@pytest.mark.parametrize("profile", sorted(PROFILES))
async def test_initialize_then_serving_with_the_settings_from_initialization_options(raw, tmp_path, profile):
    server = raw(**QUICK_ENV)
    options = {"backlint": {"debounceMs": 0, "severity": {"BL201": "error"}}}
    params = initialize_params(tmp_path, profile, initializationOptions=options)
    response = await initialize(server, params)
    assert response["result"] == initialize_result(
        {"jsonrpc": "2.0", "id": response["id"], "method": "initialize", "params": params}
    )
    pull = "diagnosticProvider" in response["result"]["capabilities"]
    assert pull == (profile == "neovim")
    found = await serves_a_document(server, tmp_path, pull)
    assert [(d["range"]["start"]["line"], d["severity"]) for d in found] == [(3, 1)]  # an error, as the options say
    await ends_cleanly(server)
    assert EARLY in server.stderr()


async def test_a_request_before_initialize_gets_server_not_initialized(raw, tmp_path):
    server = raw(**QUICK_ENV)
    early = await server.call(
        "textDocument/hover", {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}
    )
    assert early["error"]["code"] == NOT_INITIALIZED
    params = initialize_params(tmp_path, "vscode")
    response = await initialize(server, params)  # answered by the server itself this time
    assert response["result"] == initialize_result(
        {"jsonrpc": "2.0", "id": response["id"], "method": "initialize", "params": params}
    )
    assert [d["severity"] for d in await serves_a_document(server, tmp_path)] == [2]
    await ends_cleanly(server)
    assert EARLY not in server.stderr()


@pytest.mark.parametrize(
    "garbage",
    [b"a stray line\r\n", b"junk glued to the header", b"Content-Length: 9\r\n\r\n{not json", b"\r\n\r\n"],
    ids=["line", "glued", "not-json", "blank-lines"],
)
async def test_garbage_before_the_first_message_is_skipped(raw, tmp_path, garbage):
    server = raw(**QUICK_ENV)
    server.send_raw(garbage)
    response = await initialize(server, initialize_params(tmp_path))
    assert "capabilities" in response["result"]
    assert len(await serves_a_document(server, tmp_path)) == 1
    await ends_cleanly(server)
    # pygls skips what is not a message before the first one, so quickstart answers after it too.
    assert (EARLY in server.stderr()) == (b"not json" not in garbage)


async def test_initialize_params_the_server_refuses_are_refused_as_before(raw, tmp_path):
    server = raw(**QUICK_ENV)
    refused = await server.call("initialize", initialize_params(tmp_path, trace="loud"))
    assert refused["error"]["code"] == INVALID_PARAMS
    later = await server.call(
        "textDocument/hover", {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}
    )
    assert later["error"]["code"] == NOT_INITIALIZED
    assert "capabilities" in (await initialize(server, initialize_params(tmp_path)))["result"]
    await ends_cleanly(server)
    assert EARLY not in server.stderr()


async def test_capabilities_that_cannot_be_read_are_ignored_once_answered(raw, tmp_path):
    server = raw(**QUICK_ENV)
    params = initialize_params(tmp_path, "neovim")
    params["capabilities"]["textDocument"]["hover"] = {"contentFormat": ["no-such-format"]}
    response = await initialize(server, params)
    assert response["result"]["capabilities"]["positionEncoding"] == "utf-8"
    assert len(await serves_a_document(server, tmp_path, pull=True)) == 1
    await ends_cleanly(server)
    log = server.stderr()
    assert EARLY in log and "cannot be read" in log


async def test_end_of_input_before_any_message_exits_1(raw):
    server = raw(**QUICK_ENV)
    server.process.stdin.close()
    assert await server.exit_code() == 1
    assert server.bytes_received == 0


async def test_only_one_answer_to_initialize(raw, tmp_path):
    server = raw(**QUICK_ENV)
    initialized = await initialize(server, initialize_params(tmp_path, "vscode"))
    # A request whose id follows initialize's: a second initialize answer would arrive before it.
    server.send({"jsonrpc": "2.0", "id": 1000, "method": "shutdown"})

    def next_response():  # past the server's own requests and notifications
        return next((m for m in server.received_after(initialized) if "method" not in m), None)

    message = await server.wait(next_response)
    assert message == {"jsonrpc": "2.0", "id": 1000, "result": None}, json.dumps(message)[:200]
    server.notify("exit")
    assert await server.exit_code() == 0
