"""The server process driven over raw JSON-RPC, for what a well-behaved client library never sends."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from typing import Any

from .lsp_client import SERVER_COMMAND

WAIT_SECONDS = 20.0


class RawServer:
    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.notifications: list[dict] = []
        self._ids = itertools.count(1)

    @classmethod
    async def start(cls, env: dict[str, str] | None = None) -> RawServer:
        environment = {k: v for k, v in os.environ.items() if k != "BACKLINT_LOG_LEVEL"}
        environment.update(env or {})
        process = await asyncio.create_subprocess_exec(
            *SERVER_COMMAND,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        return cls(process)

    def send(self, message: dict | bytes) -> None:
        body = message if isinstance(message, bytes) else json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params: Any = None) -> dict:
        """Send a request and return its response (the whole message: result or error)."""
        msg_id = next(self._ids)
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.read(), WAIT_SECONDS)
            if message.get("id") == msg_id and "method" not in message:
                return message
            self._handle(message)

    async def wait_for(self, method: str) -> dict:
        for message in self.notifications:
            if message.get("method") == method:
                self.notifications.remove(message)
                return message
        while True:
            message = await asyncio.wait_for(self.read(), WAIT_SECONDS)
            if message.get("method") == method:
                return message
            self._handle(message)

    def _handle(self, message: dict) -> None:
        if "method" in message and "id" in message:  # a request from the server: answer it plainly
            result = (
                [None] * len(message["params"]["items"]) if message["method"] == "workspace/configuration" else None
            )
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        elif "method" in message:
            self.notifications.append(message)

    async def read(self) -> dict:
        length = 0
        while True:
            line = await self.process.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        return json.loads(await self.process.stdout.readexactly(length))

    async def open_file(self, path, text: str, language: str = "python") -> list[dict]:
        """Write `text` to `path`, open it, and return the diagnostics published for it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        document = {"uri": uri, "languageId": language, "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})
        while True:
            published = await self.wait_for("textDocument/publishDiagnostics")
            if published["params"]["uri"] == uri:
                return published["params"]["diagnostics"]

    async def initialize(self, root_uri: str | None = None) -> dict:
        response = await self.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": {}})
        self.notify("initialized", {})
        return response

    async def exit_code(self) -> int:
        return await asyncio.wait_for(self.process.wait(), WAIT_SECONDS)

    async def stderr(self) -> str:
        return (await asyncio.wait_for(self.process.stderr.read(), WAIT_SECONDS)).decode("utf-8", "replace")

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
