"""A local HTTP server speaking enough of the Anthropic Messages API for the real SDK.

`POST /v1/messages` answers JSON, or SSE when the body asks for `"stream": true` (message_start,
content_block_start, content_block_delta with text_delta, content_block_stop, message_delta,
message_stop). Tests script what comes next: a text, an HTTP status (429 with retry-after, 500, 529),
a slow reply held until released or until the client hangs up, a dropped connection, a malformed
body. Every request is recorded (headers and raw body bytes). Binds 127.0.0.1 only.
"""

from __future__ import annotations

import json
import select
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_TEXT = "The fake model's default answer."


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Reply:
    kind: str = "text"  # text | status | slow | drop | drop-mid-stream | malformed
    text: str = DEFAULT_TEXT
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


class FakeApiServer:
    """Base: a threaded server with a script of replies, a record of requests, and events to wait on."""

    paths: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: deque[Reply] = deque()
        self.default = Reply()
        self.request_started = threading.Event()
        self.client_disconnected = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # dropped connections are scripted
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name=type(self).__name__, daemon=True
        )

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> FakeApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- scripting ------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget requests, script and events (a server shared by several tests)."""
        with self._lock:
            self.requests.clear()
            self.script.clear()
        for event in (self.request_started, self.client_disconnected, self.release):
            event.clear()

    def reply(self, text: str) -> None:
        self.script.append(Reply("text", text))

    def fail(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.script.append(Reply("status", status=status, headers=headers or {}))

    def slow(self, text: str = DEFAULT_TEXT) -> None:
        """Hold the reply until `release` is set or the client disconnects."""
        self.script.append(Reply("slow", text))

    def drop(self) -> None:
        self.script.append(Reply("drop"))

    def drop_mid_stream(self, text: str = DEFAULT_TEXT) -> None:
        self.script.append(Reply("drop-mid-stream", text))

    def malformed(self, body: bytes = b'{"id": "msg_x", "type": "message", "content": "not a list"') -> None:
        self.script.append(Reply("malformed", body=body))

    def next_reply(self) -> Reply:
        with self._lock:
            return self.script.popleft() if self.script else self.default

    @property
    def sent_bytes(self) -> bytes:
        """Every request body, concatenated: what left the client."""
        return b"\n".join(r.body for r in self.requests)

    # -- serving ----------------------------------------------------------------------------------

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                record = Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with fake._lock:
                    fake.requests.append(record)
                if self.path.split("?")[0] not in fake.paths:
                    self._send_json(404, {"type": "error", "error": {"type": "not_found_error", "message": self.path}})
                    return
                fake.request_started.set()
                fake.handle(self, record, fake.next_reply())

            def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def wait_for_release_or_hangup(self, handler) -> bool:
        """True when released; False when the client closed the connection first."""
        connection: socket.socket = handler.connection
        while not self.release.is_set():
            readable, _, _ = select.select([connection], [], [], 0.02)
            if readable:
                try:
                    if connection.recv(1, socket.MSG_PEEK) == b"":
                        self.client_disconnected.set()
                        return False
                except OSError:
                    self.client_disconnected.set()
                    return False
        return True

    def handle(self, handler, record: Recorded, reply: Reply) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


def _error_type(status: int) -> str:
    return {429: "rate_limit_error", 529: "overloaded_error", 401: "authentication_error"}.get(status, "api_error")


class FakeAnthropic(FakeApiServer):
    paths = ("/v1/messages",)

    def __init__(self, model: str = "claude-sonnet-5-5") -> None:
        super().__init__()
        self.model = model
        self.input_tokens = 1200
        self.output_tokens = 240

    def handle(self, handler, record: Recorded, reply: Reply) -> None:
        if reply.kind == "status":
            payload = {"type": "error", "error": {"type": _error_type(reply.status), "message": "scripted failure"}}
            handler._send_json(reply.status, payload, reply.headers)
            return
        if reply.kind == "drop":
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if reply.kind == "malformed":
            handler.send_response(200)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(reply.body or b"")))
            handler.end_headers()
            handler.wfile.write(reply.body or b"")
            return
        if reply.kind == "slow" and not self.wait_for_release_or_hangup(handler):
            return
        try:
            streaming = bool(record.json.get("stream"))
        except ValueError:
            streaming = False
        if streaming:
            self._stream(handler, reply)
        else:
            handler._send_json(200, self.message(reply.text))

    def message(self, text: str) -> dict[str, Any]:
        return {
            "id": f"msg_fake_{len(self.requests)}",
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {
                "input_tokens": self.input_tokens,
                "output_tokens": self.output_tokens,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
            },
        }

    def _stream(self, handler, reply: Reply) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("cache-control", "no-cache")
        handler.end_headers()
        start = self.message("")
        start["content"], start["stop_reason"] = [], None
        start["usage"]["output_tokens"] = 1

        def event(name: str, data: dict[str, Any]) -> None:
            handler.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
            handler.wfile.flush()

        event("message_start", {"type": "message_start", "message": start})
        event(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        )
        event("ping", {"type": "ping"})
        pieces = [reply.text[i : i + 40] for i in range(0, len(reply.text), 40)] or [""]
        for number, piece in enumerate(pieces):
            event(
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}},
            )
            if reply.kind == "drop-mid-stream" and number == 0:
                handler.close_connection = True
                handler.connection.shutdown(socket.SHUT_RDWR)
                return
        event("content_block_stop", {"type": "content_block_stop", "index": 0})
        event(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": self.output_tokens},
            },
        )
        event("message_stop", {"type": "message_stop"})
