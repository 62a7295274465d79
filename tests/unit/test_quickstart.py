"""The early `initialize` answer: the same as pygls' own, and the server left as pygls leaves it.

The real answer comes from the real server object in this process: the same bytes go through
pygls' own reading loop (pygls.io_.run) into BacklintProtocol, and the response it writes is read back.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from importlib import metadata

import pytest
from pygls.io_ import run
from pygls.protocol import default_converter

from backlint.core.engine import STRICT_ENV
from backlint.lsp import quickstart
from backlint.lsp.framing import ResyncingReader
from backlint.lsp.quickstart import (
    RecordingReader,
    ReplayReader,
    initialize_result,
    read_first_frame,
    take_first_message,
)
from backlint.lsp.server import create_server
from tests.support.lsp.client import PROFILES, capabilities


def frame(message: dict | bytes) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def initialize(caps: dict, msg_id=1, **params) -> dict:
    return {
        "jsonrpc": "2.0",
        "id": msg_id,
        "method": "initialize",
        "params": {"processId": None, "capabilities": caps, **params},
    }


def profile_capabilities(profile: str, encodings: list[str] | None = None) -> dict:
    return default_converter().unstructure(capabilities(profile, encodings))


def messages(output: bytes) -> list[dict]:
    """The JSON-RPC messages in what the server wrote."""
    found, rest = [], output
    while rest:
        header, _, rest = rest.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        found.append(json.loads(rest[:length]))
        rest = rest[length:]
    return found


class ServerRun:
    """The real server fed `data` through pygls' reading loop, with what it wrote."""

    def __init__(self, data: bytes, *, early: bool):
        self.server = create_server()
        self.output = io.BytesIO()
        self.server.protocol.set_writer(_Writer(self.output))
        reader = ResyncingReader(io.BytesIO(data))
        self.early_answer = None
        if early:  # what quickstart.serve_stdio does before the server exists
            reader, answered = take_first_message(reader, self.output)
            if answered is not None:
                self.early_answer = answered[1]
                self.server.protocol.initialize_answered(*answered)
        try:
            run(threading.Event(), reader, self.server.protocol)
        finally:
            self.server.analyzer.shutdown()
        self.sent = messages(self.output.getvalue())

    def state(self) -> dict:
        """What `initialize` leaves behind, in pygls and in our own handler."""
        server, protocol = self.server, self.server.protocol
        converter = protocol._converter
        return {
            "initialize seen": protocol._initialize_seen,
            "client capabilities": converter.unstructure(protocol.client_capabilities),
            "process id": server.process_id,
            "workspace root uri": protocol.workspace.root_uri,
            "workspace folders": sorted(protocol.workspace.folders),
            "workspace encoding": protocol.workspace.position_encoding,
            "features": sorted(protocol.fm.features),
            "server capabilities": converter.unstructure(protocol.server_capabilities),
            "client features": server.client,
            "encoding": server.store.encoding,
            "workspace root": server.workspace_root,
            "initialization options": server.settings_loader.initialization_options,
            "analyzer started": server.analyzer.settings_ready is not None,
        }


class _Writer:
    def __init__(self, out: io.BytesIO):
        self.out = out

    def write(self, data: bytes) -> None:
        self.out.write(data)

    def close(self) -> None:
        pass


def pygls_answer(request: dict) -> dict:
    """The InitializeResult the server computes itself for `request`, as JSON."""
    (response,) = ServerRun(frame(request), early=False).sent
    return response["result"]


FULL_PARAMS = {
    "processId": 4242,
    "clientInfo": {"name": "an editor", "version": "1.0"},
    "locale": "en",
    "rootPath": "/srv/app",
    "rootUri": "file:///srv/app",
    "workspaceFolders": [{"uri": "file:///srv/app", "name": "app"}, {"uri": "file:///srv/lib", "name": "lib"}],
    "trace": "verbose",
    "workDoneToken": "token-1",
    "initializationOptions": {"backlint": {"debounceMs": 0, "severity": {"BL201": "error"}}},
}

CLIENTS = {
    **{f"{profile}": (profile_capabilities(profile), {}) for profile in sorted(PROFILES)},
    **{
        f"{profile} offering {encodings}": (profile_capabilities(profile, encodings), {})
        for profile in sorted(PROFILES)
        for encodings in (["utf-32"], ["utf-16", "utf-8"], ["latin-1", "utf-8"], ["latin-1"], [])
    },
    "vscode, every parameter": (profile_capabilities("vscode"), FULL_PARAMS),
    "neovim, every parameter": (profile_capabilities("neovim"), FULL_PARAMS),
    "bare": ({}, {}),
    "bare, root path only": ({}, {"rootPath": "/srv/app"}),
    "configuration only": ({"workspace": {"configuration": True}}, {"rootUri": "file:///srv/app"}),
    "pull only": ({"textDocument": {"diagnostic": {}}}, {}),
    "keys from a newer protocol": (
        {"textDocument": {"diagnostic": {"futureFlag": True}}, "future": {"x": 1}},
        {"futureParam": [1, 2]},
    ),
    "willSave false": ({"textDocument": {"synchronization": {"willSave": False, "willSaveWaitUntil": None}}}, {}),
    "notebooks and file operations": (
        {
            "notebookDocument": {"synchronization": {}},
            "workspace": {"fileOperations": {"didCreate": True, "willRename": True}},
            "textDocument": {"rename": {"prepareSupport": True}},
        },
        {},
    ),
}


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_the_early_answer_is_the_servers_answer(client):
    caps, params = CLIENTS[client]
    request = initialize(caps, **params)
    early = initialize_result(request)
    assert early is not None, "quickstart must answer this client itself"
    assert early == pygls_answer(request)


@pytest.mark.parametrize("msg_id", [0, 17, "a string id"])
def test_the_answer_echoes_the_request_id(msg_id):
    request = initialize(profile_capabilities("vscode"), msg_id=msg_id)
    result = initialize_result(request)
    head, _, body = quickstart.response_frame(msg_id, result).partition(b"\r\n\r\n")
    assert head.startswith(b"Content-Length: %d\r\n" % len(body))
    assert json.loads(body) == {"jsonrpc": "2.0", "id": msg_id, "result": result}


@pytest.mark.parametrize(
    "client", ["vscode", "neovim", "vscode, every parameter", "neovim, every parameter", "bare, root path only"]
)
def test_the_replayed_initialize_leaves_the_server_as_pygls_does_and_is_not_answered_twice(client):
    caps, params = CLIENTS[client]
    data = frame(initialize(caps, **params)) + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    early = ServerRun(data, early=True)
    plain = ServerRun(data, early=False)
    assert early.early_answer is not None
    assert [m["id"] for m in early.sent] == [1, 2]  # initialize answered once, by quickstart
    assert early.sent == plain.sent
    assert early.state() == plain.state()
    assert early.state()["initialize seen"]


URI = "file:///a.py"
START = {"line": 0, "character": 0}
DOCUMENT = {"uri": URI, "languageId": "python", "version": 1, "text": "x = 1\n"}


@pytest.mark.parametrize(
    "first",
    [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": URI}, "position": START},
        },
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": DOCUMENT}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        b"{not json",
    ],
    ids=["request", "notification", "initialized", "garbage"],
)
def test_anything_else_first_is_handled_by_the_server_as_before(first):
    data = frame(first) + frame(initialize({})) + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    early = ServerRun(data, early=True)
    plain = ServerRun(data, early=False)
    assert early.early_answer is None
    assert early.sent == plain.sent
    assert early.state() == plain.state()
    if isinstance(first, dict) and "id" in first:
        assert early.sent[0]["error"]["code"] == -32002


NOT_VOUCHED_FOR = {
    "not initialize": {"jsonrpc": "2.0", "id": 1, "method": "shutdown"},
    "a notification": {"jsonrpc": "2.0", "method": "initialize", "params": {"capabilities": {}}},
    "JSON-RPC 1": {"jsonrpc": "1.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
    "a float id": initialize({}, msg_id=1.5),
    "a boolean id": initialize({}, msg_id=True),
    "a null id": initialize({}, msg_id=None),
    "params a list": {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": []},
    "no capabilities": {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None}},
    "capabilities a list": initialize([]),
    "processId a string": initialize({}, processId="42"),
    "processId a boolean": initialize({}, processId=True),
    "rootUri a number": initialize({}, rootUri=5),
    "an unknown trace": initialize({}, trace="loud"),
    "a folder without a name": initialize({}, workspaceFolders=[{"uri": "file:///x"}]),
    "clientInfo without a name": initialize({}, clientInfo={"version": "1"}),
    "a message inside the options": initialize(
        {}, initializationOptions={"nested": {"jsonrpc": "2.0", "method": "exit"}}
    ),
    "encodings an object": initialize({"general": {"positionEncodings": {"utf-8": True}}}),
    "encodings with a number": initialize({"general": {"positionEncodings": [8, "utf-8"]}}),
    "general a string": initialize({"general": "utf-8"}),
    "diagnostic true": initialize({"textDocument": {"diagnostic": True}}),
    "willSave a string": initialize({"textDocument": {"synchronization": {"willSave": "yes"}}}),
    "textDocument a list": initialize({"textDocument": []}),
}


@pytest.mark.parametrize("case", sorted(NOT_VOUCHED_FOR))
def test_requests_it_cannot_vouch_for_are_left_to_the_server(case):
    assert initialize_result(NOT_VOUCHED_FOR[case]) is None


def test_capabilities_lsprotocol_cannot_read_are_dropped_once_answered(caplog):
    caps = profile_capabilities("neovim")
    caps["textDocument"]["hover"] = {"contentFormat": ["markdown", "no-such-format"]}
    caps["textDocument"]["completion"] = {"completionItem": {"tagSupport": {}}}  # valueSet is required
    caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False, "tagSupport": {"valueSet": [1, 99]}}
    data = frame(initialize(caps)) + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    assert initialize_result(initialize(caps)) is not None
    # Without an early answer the server refuses these params, as lsprotocol does.
    assert ServerRun(data, early=False).sent[0]["error"]["code"] == -32602
    early = ServerRun(data, early=True)
    assert [m["id"] for m in early.sent] == [1, 2] and "result" in early.sent[0]
    state = early.state()
    assert state["initialize seen"] and state["analyzer started"]
    assert state["encoding"] == "utf-8" and state["client features"].pull_diagnostics
    read = state["client capabilities"]["textDocument"]
    assert read["hover"] == {"contentFormat": ["markdown"]}
    assert "tagSupport" not in read["completion"]["completionItem"]
    assert read["diagnostic"]["tagSupport"] == {"valueSet": [1]}
    assert "cannot be read" in caplog.text
    assert "differs" not in caplog.text


def test_a_different_server_answer_is_an_error_and_fails_strict_mode(monkeypatch, caplog):
    request = initialize(profile_capabilities("vscode"))
    data = frame(request) + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    for strict in (False, True):
        if strict:
            monkeypatch.setenv(STRICT_ENV, "1")
        else:
            monkeypatch.delenv(STRICT_ENV, raising=False)
        run_ = ServerRun(b"", early=False)
        protocol = run_.server.protocol
        stale = initialize_result(request)
        stale["capabilities"]["hoverProvider"] = False
        protocol.initialize_answered(1, stale)
        out = io.BytesIO()
        protocol.set_writer(_Writer(out))
        try:
            run(threading.Event(), ResyncingReader(io.BytesIO(data)), protocol)
        finally:
            run_.server.analyzer.shutdown()
        sent = messages(out.getvalue())
        assert [m.get("id") for m in sent if "id" in m] == [2]
        assert "differs from the server's in hoverProvider" in caplog.text
        shown = [m["params"]["message"] for m in sent if m.get("method") == "window/showMessage"]
        assert bool([m for m in shown if "strict mode" in m and "hoverProvider" in m]) == strict


# -- reading the first frame and giving it back ---------------------------------------------------
STREAMS = {
    "two frames": frame(initialize({})) + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    "a Content-Type header": b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
    + frame({"jsonrpc": "2.0", "id": 3, "method": "x"}),
    "a garbage line first": b"hello there\r\n\r\n"
    + frame(initialize({}))
    + frame({"jsonrpc": "2.0", "id": 3, "method": "x"}),
    "garbage glued to the header": b"junk" + frame(initialize({})) + frame({"jsonrpc": "2.0", "id": 3, "method": "x"}),
    "not JSON first": frame(b"{not json") + frame(initialize({})),
    "a body with line breaks": frame(b'{"jsonrpc": "2.0",\n"id": 1,\r\n"method": "x"}')
    + frame({"jsonrpc": "2.0", "id": 2, "method": "y"}),
    "a lower-case header": b"content-length: 2\r\n\r\n{}" + frame({"jsonrpc": "2.0", "id": 2, "method": "y"}),
    "a truncated body": b"Content-Length: 99\r\n\r\n{}",
    "a header only": b"Content-Length: 9\r\n",
    "a line without an end": b"Content-Len",
    "nothing": b"",
}


class _Recorder:
    """Stands in for the protocol in pygls' loop: keeps every message it is given."""

    def __init__(self):
        self.handled: list = []

    def structure_message(self, data):
        return data

    def handle_message(self, message):
        self.handled.append(message)


def pygls_reads(reader) -> list:
    recorder = _Recorder()
    run(threading.Event(), reader, recorder, error_handler=lambda *_: None)
    return recorder.handled


@pytest.mark.parametrize("stream", sorted(STREAMS))
def test_pygls_reads_the_same_messages_after_quickstart_read_the_first(stream):
    data = STREAMS[stream]
    stdin = ResyncingReader(io.BytesIO(data))
    consumed = RecordingReader(stdin)
    read_first_frame(consumed)
    assert pygls_reads(ReplayReader(consumed.taken(), stdin)) == pygls_reads(ResyncingReader(io.BytesIO(data)))


def test_the_first_frame_is_found_as_pygls_finds_it():
    body = json.dumps(initialize({})).encode()
    assert read_first_frame(ResyncingReader(io.BytesIO(STREAMS["a garbage line first"]))) == body
    assert read_first_frame(ResyncingReader(io.BytesIO(STREAMS["garbage glued to the header"]))) == body
    assert read_first_frame(ResyncingReader(io.BytesIO(b""))) is None
    assert read_first_frame(ResyncingReader(io.BytesIO(b"Content-Length: 5\r\n\r\n"))) is None


def test_replay_serves_the_prefix_then_the_stream():
    reader = ReplayReader(b"one\ntwo\nthr", io.BytesIO(b"ee\nfour\nfive"))
    assert [reader.readline(), reader.readline(), reader.readline()] == [b"one\n", b"two\n", b"three\n"]
    assert ReplayReader(b"abc", io.BytesIO(b"defg")).read(5) == b"abcde"
    partial = ReplayReader(b"abcdef", io.BytesIO(b"g"))
    assert [partial.read(2), partial.readline(), partial.read(-1)] == [b"ab", b"cdefg", b""]


# -- staying light ---------------------------------------------------------------------------------
def test_the_version_is_the_one_importlib_metadata_reads():
    assert quickstart.package_version() == metadata.version("backlint")


def test_answering_imports_nothing_heavy():
    script = (
        "import json, sys\n"
        "from backlint.lsp import quickstart\n"
        "assert quickstart.initialize_result(json.loads(sys.argv[1]))\n"
        "heavy = ('lsprotocol', 'pygls', 'attrs', 'cattrs', 'tree_sitter', 'backlint.core', 'backlint.llm', "
        "'importlib.metadata')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
    )
    request = json.dumps(initialize(profile_capabilities("neovim"), **FULL_PARAMS))
    result = subprocess.run(
        [sys.executable, "-c", script, request], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_first_diagnostics_are_computed_without_lsprotocol_or_pygls(tmp_path):
    # Their whole point is to come before those imports: a stray import would cost them again.
    script = f"""
import json, sys
from backlint.lsp import first_diagnostics
request = {{"params": {{"rootUri": {tmp_path.as_uri()!r}, "capabilities": {{}}, "initializationOptions": {{}}}}}}
context = first_diagnostics._Context.for_request(request, "utf-16")
text = "def f():\\n    try:\\n        x()\\n    except Exception:\\n        pass\\n"
item = {{"uri": "file:///tmp/a.py", "languageId": "python", "version": 1, "text": text}}
frame = context.diagnostics_frame({{"textDocument": item}})
body = json.loads(frame.split(b"\\r\\n\\r\\n", 1)[1])
loaded = [m for m in ("lsprotocol", "pygls", "cattrs") if m in sys.modules]
print(json.dumps([body["params"]["diagnostics"][0]["code"], loaded]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == ["BL201", []]
