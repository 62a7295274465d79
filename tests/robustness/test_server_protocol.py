"""Promise 2: the language server keeps serving whatever the client sends (raw stdio, real process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.lsp.wire import ErrorAnswer, Wire, edit

SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
BL201_SPAN = {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 10}}


def codes(diagnostics: list[dict]) -> list[str]:
    return [d["code"] for d in diagnostics]


def no_strict_failures(wire: Wire) -> None:
    loud = [m for m in wire.shown_messages() if "strict mode" in m]
    assert not loud, f"the server swallowed exceptions: {loud}"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("protocol")


@pytest.fixture(scope="module")
def wire(root: Path):
    """One initialised server shared by the tests below: each one also proves the last did not break it."""
    server = Wire(cwd=root)
    server.initialize(root)
    yield server
    no_strict_failures(server)
    assert server.stop() == 0, server.stderr()


def assert_still_serving(wire: Wire, root: Path, name: str) -> None:
    uri = (root / f"{name}.py").as_uri()
    wire.open(uri, SWALLOWED)
    assert codes(wire.published(uri, 1)) == ["BL201"]
    hover = wire.hover(uri, 3, 5)
    assert "BL201" in hover["result"]["contents"]["value"]


def test_requests_before_initialize_then_exit_without_shutdown_is_1(start_wire):
    server = start_wire()
    early = server.call(
        "textDocument/hover", {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}
    )
    assert early["error"]["code"] == -32002
    server.open("file:///early.py", SWALLOWED)  # a notification before initialize: dropped, no answer
    assert "capabilities" in server.initialize()["result"]
    assert server.publications("file:///early.py") == []
    server.notify("exit")
    assert server.exit_code() == 1


def test_exit_after_shutdown_is_0_and_requests_after_shutdown_are_refused(start_wire):
    server = start_wire()
    server.initialize()
    assert server.call("shutdown")["result"] is None
    late = server.call(
        "textDocument/hover", {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}
    )
    assert late["error"]["code"] == -32600
    server.notify("exit")
    assert server.exit_code() == 0


def test_malformed_frames_lose_at_most_themselves(wire: Wire, root: Path):
    wire.send(b"{not json")
    wire.send(b"\xff\xfe not utf-8")
    wire.send(b"[1, 2, 3]")  # a JSON-RPC batch: LSP has none
    wire.send(b'"just a string"')
    wire.send(b'{"jsonrpc": "2.0", "method": "textDocument/hover"}')  # a request without its id
    wire.send({"id": 99})  # JSON, but not JSON-RPC 2.0
    assert wire.response(99)["error"]["code"] == -32600
    # A header the reader cannot use: the body after it is garbage, the next frame must still be read.
    wire.send_raw(
        b"Content-Length: lots\r\n\r\n" + json.dumps({"jsonrpc": "2.0", "id": 100, "method": "shutdown"}).encode()
    )
    wire.send_raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 0\r\n\r\n")
    # A length shorter than the body: the rest of the body is garbage before the next header.
    body = json.dumps({"jsonrpc": "2.0", "id": 101, "method": "shutdown"}).encode()
    wire.send_raw(b"Content-Length: 10\r\n\r\n" + body)
    assert_still_serving(wire, root, "after_malformed")
    assert not [m for m in wire.messages if m.get("id") in (100, 101)], "a request in a broken frame was run"


def test_ill_typed_params_get_invalid_params_for_that_id(wire: Wire, root: Path):
    bad = wire.call("textDocument/hover", {"textDocument": 5, "position": "here"})
    assert bad["error"]["code"] == -32602
    negative = wire.call(
        "textDocument/hover", {"textDocument": {"uri": "file:///a.py"}, "position": {"line": -1, "character": 0}}
    )
    assert negative["error"]["code"] == -32602
    missing = wire.call("textDocument/codeAction", None)
    assert missing["error"]["code"] == -32602
    wire.notify("textDocument/didOpen", {"textDocument": {"uri": 7, "text": None}})  # a notification: no answer at all
    wire.notify("textDocument/didChange", {"textDocument": {"uri": "file:///a.py"}, "contentChanges": "all of it"})
    for response in (bad, negative, missing):
        text = json.dumps(response)
        assert "Traceback" not in text and "traceback" not in text
    assert_still_serving(wire, root, "after_ill_typed")


def test_unknown_methods_and_cancels(wire: Wire, root: Path):
    unknown = wire.call("backlint/noSuchMethod", {})
    assert unknown["error"]["code"] == -32601
    before = len(wire.messages)
    wire.notify("$/noSuchNotification", {"x": 1})
    wire.notify("$/setTrace", {"value": "verbose"})
    wire.notify("custom/notification", [1, 2])
    wire.notify("$/cancelRequest", {"id": 424242})
    wire.notify("$/cancelRequest", {"id": "not-a-request"})
    wire.notify("$/cancelRequest", {"id": {"odd": True}})
    assert_still_serving(wire, root, "after_unknown")
    # Notifications are never answered: the only response since is the hover's.
    responses = [m for m in wire.messages[before:] if "method" not in m]
    assert len(responses) == 1 and "result" in responses[0], responses


def test_edits_the_protocol_allows_but_clients_rarely_send(wire: Wire, root: Path):
    never_opened = (root / "never_opened.py").as_uri()
    wire.change(never_opened, 2, {"text": "x = 1\n"}, edit(0, 0, 0, 0, "y"))
    assert wire.hover(never_opened, 0, 0)["result"] is None

    uri = (root / "edits.py").as_uri()
    wire.open(uri, "import os\n")
    assert wire.published(uri, 1) == []
    # Several changes in one notification, each applied to the result of the one before.
    wire.change(
        uri,
        2,
        edit(1, 0, 1, 0, "def charge(order):\n    try:\n        submit(order)\n"),
        edit(4, 0, 4, 0, "    except ValueError:\n        pass\n"),
        edit(4, 11, 4, 21, "Exception"),  # ValueError -> Exception, on the line the change above made
    )
    [diagnostic] = wire.published(uri, 2)
    assert diagnostic["code"] == "BL201" and diagnostic["range"] == {
        "start": {"line": 4, "character": 4},
        "end": {"line": 4, "character": 10},
    }
    # Versions out of order: the text is what the changes made, in the order they came.
    wire.change(uri, 9, edit(0, 0, 0, 0, "# nine\n"))
    wire.change(uri, 4, edit(0, 0, 0, 0, "# four\n"))
    published = wire.published(uri, 4)
    assert codes(published) == ["BL201"] and published[0]["range"]["start"]["line"] == 6
    # Positions past the end of a line and of the document, and a range given backwards.
    wire.change(uri, 10, edit(0, 500, 0, 900, "  # tail"), edit(400, 3, 900, 0, "\n# end\n"), edit(2, 5, 1, 0, ""))
    assert codes(wire.published(uri, 10)) == ["BL201"]
    assert wire.hover(uri, 10_000, 10_000)["result"] is None
    wire.change(uri, 11, {"text": ""})
    assert wire.published(uri, 11) == []


def test_untitled_documents_are_never_read_from_disk(wire: Wire, root: Path):
    on_disk = root / "scratch.py"
    on_disk.write_text(SWALLOWED, encoding="utf-8")
    clean = "def charge(order):\n    return order\n"
    for uri in ("untitled:Untitled-1", f"untitled:{on_disk}", "untitled:" + on_disk.as_uri()):
        wire.open(uri, clean)
        assert wire.published(uri, 1) == [], uri  # the disk file has a finding; the editor's text has none
    wire.open("untitled:Untitled-2", SWALLOWED)
    [diagnostic] = wire.published("untitled:Untitled-2", 1)
    assert diagnostic["range"] == BL201_SPAN
    assert "BL201" in wire.hover("untitled:Untitled-2", 3, 5)["result"]["contents"]["value"]
    actions = wire.call(
        "textDocument/codeAction",
        {"textDocument": {"uri": "untitled:Untitled-2"}, "range": BL201_SPAN, "context": {"diagnostics": [diagnostic]}},
    )
    assert any("Ignore BL201" in a["title"] for a in actions["result"])


def test_a_document_deleted_on_disk_while_open_keeps_working(wire: Wire, root: Path):
    path = root / "doomed.py"
    path.write_text(SWALLOWED, encoding="utf-8")
    uri = path.as_uri()
    wire.open(uri, SWALLOWED)
    assert codes(wire.published(uri, 1)) == ["BL201"]
    path.unlink()
    wire.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri, "type": 3}]})
    wire.change(uri, 2, edit(0, 0, 0, 0, "# still here\n"))
    [diagnostic] = wire.published(uri, 2)
    wire.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert "BL201" in wire.hover(uri, 4, 5)["result"]["contents"]["value"]
    actions = wire.call(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": []}},
    )
    assert actions.get("result")
    wire.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert wire.wait(lambda: any(p["diagnostics"] == [] for p in wire.publications(uri)))
    assert not path.exists()


BAD = True  # the answer is refused with one warning, and the previous settings stay


@pytest.mark.parametrize(
    ("answer", "refused"),
    [
        (None, False),
        ([None], False),
        ("oops", BAD),
        (42, False),
        ({"debounceMs": 0}, BAD),
        (ErrorAnswer(), False),
        (ErrorAnswer(-32603, "client crashed"), False),
        (["not an object"], BAD),
        ([42], BAD),
        ([{"debounceMs": "fast"}], BAD),
        ([{"select": 5}], BAD),
        ([{"select": ["BL999"]}], BAD),
        ([{"llm": "off"}], BAD),
        ([{"run": ["onType"]}], BAD),
        ([{"minConfidence": None}], BAD),
        ([{"severity": ["BL101"]}], BAD),
    ],
    ids=[
        "null",
        "list-of-null",
        "string",
        "number",
        "object-not-list",
        "error-answer",
        "internal-error-answer",
        "string-item",
        "number-item",
        "bad-debounce",
        "bad-select",
        "unknown-rule",
        "bad-llm",
        "bad-run",
        "null-confidence",
        "bad-severity",
    ],
)
def test_configuration_answers_of_any_shape_keep_the_server_serving(wire: Wire, root: Path, answer, refused):
    asked = sum(1 for m in wire.messages if m.get("method") == "workspace/configuration")
    warned = len(wire.shown_messages())
    wire.answer = lambda message: answer if message["method"] == "workspace/configuration" else None
    try:
        wire.notify("workspace/didChangeConfiguration", {"settings": None})
        wire.wait(lambda: sum(1 for m in wire.messages if m.get("method") == "workspace/configuration") > asked)
        if refused:
            [warning] = wire.wait(lambda: wire.shown_messages()[warned:])
            assert "Keeping the previous settings" in warning and "Traceback" not in warning
        assert_still_serving(wire, root, f"config_{len(wire.messages)}")
    finally:
        wire.answer = lambda message: [{"debounceMs": 0}] if message["method"] == "workspace/configuration" else None
    if not refused:
        assert wire.shown_messages()[warned:] == []


def test_hover_between_an_edit_and_its_analysis_points_at_the_moved_finding(start_wire, tmp_path: Path):
    server = start_wire(cwd=tmp_path)
    # A debounce longer than the test: the hovers below meet text the server has not analysed yet.
    server.answer = lambda message: [{"debounceMs": 60_000}] if message["method"] == "workspace/configuration" else None
    server.initialize(tmp_path)
    uri = (tmp_path / "moving.py").as_uri()
    server.open(uri, SWALLOWED)
    assert codes(server.published(uri, 1)) == ["BL201"]
    server.change(uri, 2, edit(0, 0, 0, 0, "import os\n\n"), edit(5, 4, 5, 4, "  "))
    moved = server.hover(uri, 5, 7)["result"]
    assert "BL201" in moved["contents"]["value"]
    assert moved["range"] == {"start": {"line": 5, "character": 6}, "end": {"line": 5, "character": 12}}
    assert server.hover(uri, 3, 5)["result"] is None  # where the finding was before the edit
    server.change(uri, 3, {"text": "x = 1\n"})  # replaced whole: the old findings mean nothing now
    assert server.hover(uri, 0, 0)["result"] is None
    no_strict_failures(server)
    assert server.stop() == 0
