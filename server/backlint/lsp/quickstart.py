"""`backlint serve` over stdio: answer `initialize` while pygls and lsprotocol are still importing.

Importing lsprotocol and pygls takes most of a second, and an editor waits for the `initialize`
answer before it sends anything else. This module imports nothing heavy (stdlib, framing and
startup only): it reads the first frame from stdin while the heavy import runs on a thread, and when
that frame is an `initialize` request it can vouch for, writes the InitializeResult at once. Then the real server
starts and reads every consumed byte again, so it handles that same request exactly as always (its
state is what pygls leaves after `initialize`) with only its response held back (see
BacklintProtocol.initialize_answered). Anything else in the first frame (a request before
initialize, a notification, garbage, end of input) is simply replayed: the server sees the stream
it would have seen without this module.

The answer is built from the description below of what `create_server()` registers.
tests/unit/test_quickstart.py compares it with pygls' own answer for the client profiles the e2e
tests use, and every start compares it again with the answer the real server computes (a
difference is logged, and fails the tests in strict mode).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading

from . import first_diagnostics as early_diagnostics
from .capabilities import CODE_ACTION_KINDS, COMMANDS, PULL_DIAGNOSTICS_IDENTIFIER, SERVER_NAME
from .framing import ResyncingReader
from .startup import configure_logging, package_version

TYPE_CHECKING = False  # typing itself costs milliseconds this module is here to save
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, BinaryIO

log = logging.getLogger(__name__)

# What create_server() registers, as the client sees it in the InitializeResult.
TEXT_DOCUMENT_SYNC_INCREMENTAL = 2
# pygls takes the client's first choice among these, UTF-16 when there is none.
POSITION_ENCODINGS = ("utf-8", "utf-16", "utf-32")
DEFAULT_POSITION_ENCODING = "utf-16"
TRACE_VALUES = ("off", "messages", "verbose")

# Waiting this long for `initialize` before importing costs nothing when it comes (the import would
# share the interpreter with the answer and the first analysis) and little when it does not.
INITIALIZE_WAIT_SECONDS = 0.3
RESPONSE_HEADER = "Content-Length: {length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
# The header pygls' reading loop accepts (pygls/io_.py), matched the same way.
_CONTENT_LENGTH = re.compile(rb"^Content-Length: (\d+)\r\n$")


# -- the answer ------------------------------------------------------------------------------------
class _Unsure(Exception):
    """The request has a shape this module does not vouch for: the real server answers it."""


def _member(container: dict, key: str, *kinds: type) -> Any:
    """container[key] when absent, null or of one of `kinds` (a bool is not an int here)."""
    value = container.get(key)
    if value is None:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise _Unsure(key)
    if not isinstance(value, kinds):
        raise _Unsure(key)
    return value


def _holds_rpc_object(value: Any) -> bool:
    """True when a nested JSON object has a `jsonrpc` key: pygls would read it as a message of its own."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "jsonrpc" in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check_params(params: dict) -> None:
    """Raise _Unsure unless lsprotocol reads every top-level field of these InitializeParams."""
    if not isinstance(params.get("capabilities"), dict):
        raise _Unsure("capabilities")
    _member(params, "processId", int)
    for key in ("rootUri", "rootPath", "locale"):
        _member(params, key, str)
    _member(params, "workDoneToken", int, str)
    if (trace := _member(params, "trace", str)) is not None and trace not in TRACE_VALUES:
        raise _Unsure("trace")
    if (client := _member(params, "clientInfo", dict)) is not None:
        if not isinstance(client.get("name"), str):
            raise _Unsure("clientInfo")
        _member(client, "version", str)
    for folder in _member(params, "workspaceFolders", list) or []:
        if not (
            isinstance(folder, dict) and isinstance(folder.get("uri"), str) and isinstance(folder.get("name"), str)
        ):
            raise _Unsure("workspaceFolders")
    # The params' own JSON objects are structured by pygls one by one: a nested `jsonrpc` changes that.
    if any(_holds_rpc_object(value) for value in params.values()):
        raise _Unsure("nested message")


def _position_encoding(capabilities: dict) -> str:
    general = _member(capabilities, "general", dict) or {}
    offered = _member(general, "positionEncodings", list)
    if offered is None:
        return DEFAULT_POSITION_ENCODING
    if not all(isinstance(encoding, str) for encoding in offered):
        raise _Unsure("positionEncodings")
    return next((encoding for encoding in offered if encoding in POSITION_ENCODINGS), DEFAULT_POSITION_ENCODING)


def _text_document_sync(text_document: dict) -> dict:
    sync = _member(text_document, "synchronization", dict) or {}
    answer: dict[str, Any] = {"openClose": True, "change": TEXT_DOCUMENT_SYNC_INCREMENTAL}
    # pygls answers `false` (the server registers neither) when the client mentions them, else nothing.
    for key in ("willSave", "willSaveWaitUntil"):
        if _member(sync, key, bool) is not None:
            answer[key] = False
    answer["save"] = True
    return answer


def initialize_result(request: Any) -> dict | None:
    """The InitializeResult the server gives for this `initialize` request, as JSON.

    None when the request is not a well-formed `initialize` this module can vouch for; the real
    server then answers it (with an error, if that is what it deserves).
    """
    if not (isinstance(request, dict) and request.get("jsonrpc") == "2.0" and request.get("method") == "initialize"):
        return None
    msg_id = request.get("id")
    if isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
        return None
    params = request.get("params")
    if not isinstance(params, dict):
        return None
    try:
        _check_params(params)
        capabilities = params["capabilities"]
        text_document = _member(capabilities, "textDocument", dict) or {}
        answer: dict[str, Any] = {
            "positionEncoding": _position_encoding(capabilities),
            "textDocumentSync": _text_document_sync(text_document),
            "hoverProvider": True,
            "codeActionProvider": {"codeActionKinds": list(CODE_ACTION_KINDS), "resolveProvider": True},
            "executeCommandProvider": {"commands": list(COMMANDS)},
        }
        # Pull diagnostics are registered for clients that declare them (lifecycle.initialize).
        if _member(text_document, "diagnostic", dict) is not None:
            answer["diagnosticProvider"] = {
                "interFileDependencies": False,
                "workspaceDiagnostics": False,
                "identifier": PULL_DIAGNOSTICS_IDENTIFIER,
            }
        answer["workspace"] = {
            "workspaceFolders": {"supported": True, "changeNotifications": True},
            "fileOperations": {},
        }
    except _Unsure as unsure:
        log.debug("initialize is left to the server (%s)", unsure)
        return None
    return {"capabilities": answer, "serverInfo": {"name": SERVER_NAME, "version": package_version()}}


def response_frame(msg_id: int | str, result: dict) -> bytes:
    body = json.dumps({"id": msg_id, "result": result, "jsonrpc": "2.0"}).encode("utf-8")
    return RESPONSE_HEADER.format(length=len(body)).encode("ascii") + body


# -- reading the first frame and giving it back --------------------------------------------------
class RecordingReader:
    """A reader that keeps every byte it hands out, to be handed out again (see ReplayReader)."""

    def __init__(self, stream):
        self._stream = stream
        self._taken: list[bytes] = []

    def readline(self) -> bytes:
        line = self._stream.readline()
        self._taken.append(line)
        return line

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._taken.append(data)
        return data

    def taken(self) -> bytes:
        return b"".join(self._taken)


class ReplayReader:
    """`stream`, with `prefix` (bytes already read from it) served first."""

    def __init__(self, prefix: bytes, stream):
        self._prefix = prefix
        self._offset = 0
        self._stream = stream

    def _take(self, end: int) -> bytes:
        chunk = self._prefix[self._offset : end]
        self._offset = end
        if self._offset >= len(self._prefix):
            self._prefix, self._offset = b"", 0
        return chunk

    def readline(self) -> bytes:
        if not self._prefix:
            return self._stream.readline()
        newline = self._prefix.find(b"\n", self._offset)
        if newline >= 0:
            return self._take(newline + 1)
        return self._take(len(self._prefix)) + self._stream.readline()  # the line goes on in the stream

    def read(self, size: int = -1) -> bytes:
        if not self._prefix:
            return self._stream.read(size)
        if size < 0:
            return self._take(len(self._prefix)) + self._stream.read()
        chunk = self._take(min(self._offset + size, len(self._prefix)))
        if len(chunk) < size:
            chunk += self._stream.read(size - len(chunk))
        return chunk


def read_first_frame(reader) -> bytes | None:
    """The body of the first message, read the way pygls' loop reads (pygls/io_.py `run`).

    Lines before a Content-Length header are skipped, as pygls skips them; None at the end of input.
    """
    length = 0
    while True:
        header = reader.readline()
        if not header:
            return None
        if not length and (match := _CONTENT_LENGTH.fullmatch(header)):
            length = int(match.group(1))
        if length and not header.strip():
            return reader.read(length) or None


# -- serve ---------------------------------------------------------------------------------------
def _import_server() -> None:
    """The heavy imports, off the main thread. A failure is left for the main thread to meet again."""
    try:
        from . import server

        server.preload_features()
    except BaseException:  # the main thread imports again and reports it as `serve` always has
        log.debug("importing the server in the background failed", exc_info=True)


def _answer_early(body: bytes, stdout: BinaryIO) -> tuple[int | str, dict] | None:
    """Write the InitializeResult if `body` is an initialize request this module vouches for.

    Returns (request id, result) once the answer went out (or its writing began), else None: the
    server answers then. Nothing that can fail comes between deciding and writing, so there is
    never no answer and never two.
    """
    try:
        request = json.loads(body)
    except ValueError:  # not JSON (or not UTF-8): the server says so, as it always has
        return None
    try:
        result = initialize_result(request)
        if result is None:
            return None
        frame = response_frame(request["id"], result)
    except Exception as error:  # a bug here: the server answers as always
        log.warning("initialize is left to the server: %s", type(error).__name__)
        return None
    try:
        stdout.write(frame)
        stdout.flush()
    except Exception as error:  # the client is gone (or stdout closed); the server finds out on its own
        log.warning("writing the initialize answer failed: %s", type(error).__name__)
    log.info("answered initialize before the server was ready")
    return request["id"], result


def take_first_message(
    stdin, stdout: BinaryIO, after_answer: Callable[[Callable[[], bytes | None], dict, dict], None] | None = None
) -> tuple[ReplayReader, tuple[int | str, dict] | None]:
    """Read the first message from `stdin` and answer it when it is an `initialize` to vouch for.

    `after_answer(read_frame, request, result)` runs once the answer went out, reading on with
    `read_frame` (first_diagnostics.py); what it reads is replayed to the server too. Returns the
    reader the server goes on with (what was read here, then the rest of `stdin`) and (request id,
    result) when the answer went out.
    """
    consumed = RecordingReader(stdin)
    answered = None
    try:
        body = read_first_frame(consumed)
        if body is not None:
            answered = _answer_early(body, stdout)
            if answered is not None and after_answer is not None:
                after_answer(lambda: read_first_frame(consumed), json.loads(body), answered[1])
    except Exception as error:  # reading failed: the server reads on from where this stopped
        log.warning("reading the first message failed: %s", type(error).__name__)
    return ReplayReader(consumed.taken(), stdin), answered


def _input_waiting(stream, timeout: float = 0.0) -> bool:
    """True when `stream` has bytes to read (within `timeout` seconds); False when unknown (e.g.
    pipes on Windows)."""
    import select

    try:
        ready, _, _ = select.select([stream], [], [], timeout)
    except Exception:  # no file descriptor, a closed stream, a platform without select on pipes
        return False
    return bool(ready)


def serve_stdio() -> None:
    """Run the language server over stdin/stdout. Does not return."""
    configure_logging()
    loader = threading.Thread(target=_import_server, name="backlint-import", daemon=True)
    # Threads share one interpreter lock: an import running beside the answer slows it down more
    # than twofold. Editors write `initialize` as soon as they start the server: when it comes
    # within INITIALIZE_WAIT_SECONDS, answer first (and publish the first diagnostics before the
    # import, first_diagnostics.py); otherwise import while waiting for it.
    if not _input_waiting(sys.stdin, INITIALIZE_WAIT_SECONDS):
        loader.start()

    def first_diagnostics(read_frame: Callable[[], bytes | None], request: dict, result: dict) -> None:
        # Only while nothing is importing beside it: two threads share one interpreter lock.
        if loader.ident is None and early_diagnostics.eligible(request, sys.stdin.buffer):
            encoding = result["capabilities"]["positionEncoding"]
            early_diagnostics.publish_first(read_frame, sys.stdin.buffer, sys.stdout.buffer, request, encoding)

    reader, answered = take_first_message(ResyncingReader(sys.stdin.buffer), sys.stdout.buffer, first_diagnostics)
    if loader.ident is None:  # not started while the first message came in
        loader.start()
    loader.join()
    from . import server

    server.run_stdio(reader, answered)
