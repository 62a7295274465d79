"""A local OpenAI-compatible chat completions endpoint (`POST /v1/chat/completions`, JSON), with the
same scripting, recording and failure modes as the fake Anthropic server."""

from __future__ import annotations

import socket
from typing import Any

from .fake_anthropic import FakeApiServer, Recorded, Reply


class FakeOpenAI(FakeApiServer):
    paths = ("/v1/chat/completions",)

    def __init__(self, model: str = "local-model") -> None:
        super().__init__()
        self.model = model

    def handle(self, handler, record: Recorded, reply: Reply) -> None:
        if reply.kind == "status":
            handler._send_json(
                reply.status, {"error": {"message": "scripted failure", "type": "server_error"}}, reply.headers
            )
            return
        if reply.kind in ("drop", "drop-mid-stream"):
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if reply.kind == "malformed":
            handler._send_json(200, {"choices": []})
            return
        if reply.kind == "slow" and not self.wait_for_release_or_hangup(handler):
            return
        handler._send_json(200, self.completion(reply.text))

    def completion(self, text: str) -> dict[str, Any]:
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "model": self.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
        }
