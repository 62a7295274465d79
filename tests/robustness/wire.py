"""The real `backlint serve` process driven over raw stdio JSON-RPC, byte for byte.

A well-behaved client library never sends a bad Content-Length or ill-typed params, so these tests
speak the wire format themselves. A reader thread collects every message; tests wait on a condition
variable (never sleep). Requests the server sends (workspace/configuration, progress) are answered
by `answer`, which a test may replace.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WAIT_SECONDS = 20.0
SERVE = [sys.executable, "-m", "backlint", "serve"]
HERE = Path(__file__).resolve().parent


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "OPENAI_", "BACKLINT_"))}
    env["BACKLINT_STRICT"] = "1"
    env.update(extra)
    return env


def default_answer(message: dict) -> Any:
    if message["method"] == "workspace/configuration":
        return [{"debounceMs": 0}] * len(message["params"]["items"])
    return None


class ErrorAnswer:
    """What `answer` returns to make the client answer a server request with an error."""

    def __init__(self, code: int = -32601, message: str = "not supported"):
        self.code, self.message = code, message


class Wire:
    def __init__(self, command: list[str] | None = None, env: dict[str, str] | None = None, cwd: Path | None = None):
        self.process = subprocess.Popen(
            command or SERVE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or server_env(),
            cwd=cwd,
        )
        self.messages: list[dict] = []
        self.closed = False
        self.answer: Callable[[dict], Any] = default_answer
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

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
        return self.response(self.request(method, params))

    # -- receiving --------------------------------------------------------------------------------
    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
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
            message = json.loads(stream.read(length))
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
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(OSError):
                stream.close()


def edit(start_line: int, start_char: int, end_line: int, end_char: int, text: str) -> dict:
    return {
        "range": {
            "start": {"line": start_line, "character": start_char},
            "end": {"line": end_line, "character": end_char},
        },
        "text": text,
    }
