"""Anthropic Messages API provider. `anthropic` is imported here, lazily: the import costs ~1.5 s and
nothing else in backlint needs it."""

from __future__ import annotations

from typing import Any

from .http_errors import status_error, unexpected_error
from .logs import quiet_sdk_loggers
from .provider import Completion, CompletionRequest, ProgressCallback, ProviderError
from .settings import LlmSettings


class AnthropicProvider:
    name = "anthropic"
    sends_code = True

    def __init__(self, settings: LlmSettings, *, api_key: str, base_url: str | None, stream: bool = True):
        self._settings = settings
        self._api_key = api_key  # from the environment only; never logged, never part of a payload
        self.base_url = base_url
        self.stream = stream

    def __repr__(self) -> str:  # keeps the key out of any log line that formats the provider
        return f"AnthropicProvider(base_url={self.base_url!r}, model={self._settings.model!r})"

    def body(self, request: CompletionRequest) -> dict[str, Any]:
        # The long fixed system prompt is one cacheable block; the per-finding part follows it.
        return {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "system": [{"type": "text", "text": request.system, "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": request.user}],
        }

    async def complete(self, request: CompletionRequest, progress: ProgressCallback | None = None) -> Completion:
        import anthropic

        quiet_sdk_loggers()
        body = self.body(request)
        client = anthropic.AsyncAnthropic(
            api_key=self._api_key,
            base_url=self.base_url,
            timeout=self._settings.timeout_seconds,
            max_retries=self._settings.max_retries,
        )
        try:
            async with client:
                if self.stream:
                    message = await self._streamed(client, body, progress)
                else:
                    message = await client.messages.create(**body)
        except ProviderError:
            raise
        except anthropic.APIStatusError as error:
            raise status_error(error.status_code, _retry_after(error)) from None
        except anthropic.APITimeoutError:
            raise ProviderError(
                "timeout", f"the model did not answer within {self._settings.timeout_seconds:g} s"
            ) from None
        except anthropic.APIConnectionError:
            where = self.base_url or "api.anthropic.com"
            raise ProviderError("connection", f"could not reach the model at {where}") from None
        except anthropic.APIResponseValidationError:
            raise ProviderError("malformed", "the model's reply was not a valid Messages API response") from None
        except Exception as error:  # a stream cut mid-way raises the HTTP library's own errors
            raise unexpected_error(error, self.base_url or "api.anthropic.com") from None
        return _completion(message, request.model)

    async def _streamed(self, client, body: dict[str, Any], progress: ProgressCallback | None):
        received = 0
        async with client.messages.stream(**body) as stream:
            async for text in stream.text_stream:
                received += len(text)
                if progress is not None:
                    progress(f"{received:,} characters received")
            message = await stream.get_final_message()
        if getattr(message, "stop_reason", None) is None:
            # The stream ended without message_delta/message_stop: the connection was cut mid-answer.
            raise ProviderError("connection", "the connection to the model was lost in the middle of the answer")
        return message


def _retry_after(error) -> str:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    return headers.get("retry-after", "") if hasattr(headers, "get") else ""


def _completion(message: Any, model: str) -> Completion:
    """Only text blocks count; anything else shaped wrong is a malformed reply, not a crash."""
    content = getattr(message, "content", None)
    if not isinstance(content, list):
        raise ProviderError("malformed", "the model's reply had no content")
    blocks = [getattr(block, "text", None) for block in content if getattr(block, "type", None) == "text"]
    texts = [t for t in blocks if isinstance(t, str)]
    if not texts or not "".join(texts).strip():
        raise ProviderError("malformed", "the model's reply had no text")
    usage = getattr(message, "usage", None)

    def count(name: str) -> int:
        value = getattr(usage, name, 0) if usage is not None else 0
        return value if isinstance(value, int) else 0

    return Completion(
        text="".join(texts),
        provider="anthropic",
        model=getattr(message, "model", None) or model,
        input_tokens=count("input_tokens") + count("cache_creation_input_tokens"),
        output_tokens=count("output_tokens"),
        cached_input_tokens=count("cache_read_input_tokens"),
    )
