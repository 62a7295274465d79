"""The real `backlint serve` process driven over raw stdio JSON-RPC, byte for byte.

A well-behaved client library never sends a bad Content-Length or ill-typed params, so these tests
speak the wire format themselves. A reader thread collects every message; tests wait on a condition
variable (never sleep). Requests the server sends (workspace/configuration, progress) are answered
by `answer`, which a test may replace.

`Wire` is for plain tests; `AsyncWire` is the same driver for asyncio tests, its waits run off the
event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .server import SERVER_COMMAND, WAIT_SECONDS, server_env


def default_answer(message: dict) -> Any:
    if message["method"] == "workspace/configuration":
        return [{"debounceMs": 0}] * len(message["params"]["items"])
    return None


def null_answer(message: dict) -> Any:
    """A client without settings of its own: the server keeps what initializationOptions gave it."""
    if message["method"] == "workspace/configuration":
        return [None] * len(message["params"]["items"])
    return None


class ErrorAnswer:
    """What `answer` returns to make the client answer a server request with an error."""

    def __init__(self, code: int = -32601, message: str = "not supported"):
        self.code, self.message = code, message


class Wire:
    def __init__(
        self,
        command: list[str] | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        answer: Callable[[dict], Any] = default_answer,
    ):
        self.process = subprocess.Popen(
            command or SERVER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or server_env(),
            cwd=cwd,
        )
        self.messages: list[dict] = []
        self.bytes_received = 0
        self.closed = False
        self.answer = answer
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._stderr: list[bytes] = []
        self._readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._drain_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    # -- sending ---------------------------------------------------------------------------------
    def send_raw(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: dict | bytes) -> None:
        body = message if isinstance(message, bytes) else json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any = None) -> int:
        msg_id = next(self._ids)
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return msg_id

    def call(self, method: str, params: Any = None) -> dict:
        """Send a request and return its response (the whole message: result or error)."""
        return self.response(self.request(method, params))

    # -- receiving --------------------------------------------------------------------------------
    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                self.bytes_received += len(line)
                if not line:
                    with self._changed:
                        self.closed = True
                        self._changed.notify_all()
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = stream.read(length)
            self.bytes_received += len(body)
            message = json.loads(body)
            if "method" in message and "id" in message:
                answer = self.answer(message)
                if isinstance(answer, ErrorAnswer):
                    self.send(
                        {
                            "jsonrpc": "2.0",
                            "id": message["id"],
                            "error": {"code": answer.code, "message": answer.message},
                        }
                    )
                else:
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": answer})
            with self._changed:
                self.messages.append(message)
                self._changed.notify_all()

    def _drain_stderr(self) -> None:
        for chunk in iter(lambda: self.process.stderr.read(4096), b""):
            self._stderr.append(chunk)

    def wait(self, condition: Callable[[], Any], timeout: float = WAIT_SECONDS) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = condition()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed:
                    raise TimeoutError("the server did not send what the test waited for")
                self._changed.wait(remaining)

    def response(self, msg_id: Any, timeout: float = WAIT_SECONDS) -> dict:
        return self.wait(
            lambda: next((m for m in self.messages if m.get("id") == msg_id and "method" not in m), None), timeout
        )

    def received_after(self, message: dict) -> list[dict]:
        """The messages that arrived after `message`, in order (no waiting)."""
        with self._changed:
            index = next(i for i, m in enumerate(self.messages) if m is message)
            return self.messages[index + 1 :]

    def notifications(self, method: str) -> list[dict]:
        with self._changed:
            return [m for m in self.messages if m.get("method") == method and "id" not in m]

    def publications(self, uri: str) -> list[dict]:
        return [m["params"] for m in self.notifications("textDocument/publishDiagnostics") if m["params"]["uri"] == uri]

    def published(self, uri: str, version: int, timeout: float = WAIT_SECONDS) -> list[dict]:
        """The diagnostics published for `version` of a document (waits for them)."""
        found = self.wait(
            lambda: next((p for p in self.publications(uri) if p.get("version") == version), None), timeout
        )
        return found["diagnostics"]

    def shown_messages(self) -> list[str]:
        return [m["params"]["message"] for m in self.notifications("window/showMessage")]

    def stderr(self) -> str:
        """What the server has logged so far: all of it once the process has ended (`exit_code`)."""
        return b"".join(self._stderr).decode("utf-8", "replace")

    # -- the session ---------------------------------------------------------------------------------
    def initialize(self, root: Path | None = None, capabilities: dict | None = None, options: Any = None) -> dict:
        params = {
            "processId": None,
            "rootUri": root.as_uri() if root else None,
            "capabilities": capabilities if capabilities is not None else {"workspace": {"configuration": True}},
            "initializationOptions": options,
        }
        result = self.call("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, language: str = "python", version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}},
        )

    def open_file(self, path: Path, text: str, language: str = "python") -> list[dict]:
        """Write `text` to `path`, open it, and return the diagnostics published for it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.open(path.as_uri(), text, language)
        return self.published(path.as_uri(), 1)

    def change(self, uri: str, version: int, *changes: dict) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": list(changes)},
        )

    def hover(self, uri: str, line: int, character: int) -> dict:
        return self.call(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        )

    def stop(self) -> int:
        """shutdown + exit; the exit code."""
        if self.process.poll() is None and not self.closed:
            try:
                self.call("shutdown")
                self.notify("exit")
            except (OSError, TimeoutError):
                pass
        return self.exit_code()

    def exit_code(self, timeout: float = WAIT_SECONDS) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        # The process is gone, so its pipes are at their end: read them to it before closing them.
        for reader in self._readers:
            reader.join(WAIT_SECONDS)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(OSError):
                stream.close()


class AsyncWire:
    """A `Wire` for asyncio tests: what waits is awaited in a worker thread, so the event loop (and
    a pytest-lsp client sharing it) keeps running; the rest is the Wire's own."""

    def __init__(self, wire: Wire):
        self.wire = wire
        self.process = wire.process
        self.messages = wire.messages
        self.send, self.send_raw, self.notify = wire.send, wire.send_raw, wire.notify
        self.open, self.change = wire.open, wire.change
        self.received_after, self.shown_messages, self.stderr = wire.received_after, wire.shown_messages, wire.stderr
        self.kill = wire.kill

    @property
    def bytes_received(self) -> int:
        return self.wire.bytes_received

    async def wait(self, condition: Callable[[], Any]) -> Any:
        return await asyncio.to_thread(self.wire.wait, condition)

    async def call(self, method: str, params: Any = None) -> dict:
        return await asyncio.to_thread(self.wire.call, method, params)

    async def response(self, msg_id: Any) -> dict:
        return await asyncio.to_thread(self.wire.response, msg_id)

    async def published(self, uri: str, version: int) -> list[dict]:
        return await asyncio.to_thread(self.wire.published, uri, version)

    async def initialize(self, root: Path | None = None, capabilities: dict | None = None, options: Any = None) -> dict:
        return await asyncio.to_thread(self.wire.initialize, root, capabilities, options)

    async def open_file(self, path: Path, text: str, language: str = "python") -> list[dict]:
        return await asyncio.to_thread(self.wire.open_file, path, text, language)

    async def exit_code(self) -> int:
        return await asyncio.to_thread(self.wire.exit_code)


def edit(start_line: int, start_char: int, end_line: int, end_char: int, text: str) -> dict:
    return {
        "range": {
            "start": {"line": start_line, "character": start_char},
            "end": {"line": end_line, "character": end_char},
        },
        "text": text,
    }
