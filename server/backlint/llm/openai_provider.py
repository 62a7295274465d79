"""OpenAI-compatible chat completions (`POST {baseUrl}/chat/completions`), so a team can use a local
model server (Ollama, llama.cpp, vLLM) and keep code on their machines."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

from .http_errors import status_error, unexpected_error
from .provider import Completion, CompletionRequest, ProgressCallback, ProviderError
from .settings import LlmSettings

RETRIED_STATUSES = (408, 429, 500, 502, 503, 504, 529)
MAX_RETRY_WAIT = 10.0


def _http():
    """The HTTP client library the anthropic SDK brings (httpx2 in current releases, httpx before)."""
    for name in ("httpx2", "httpx"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ProviderError("config", "no HTTP client library is installed (httpx)")


class OpenAICompatibleProvider:
    name = "openai"
    sends_code = True

    def __init__(self, settings: LlmSettings, *, base_url: str, api_key: str | None = None):
        self._settings = settings
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key  # OPENAI_API_KEY from the environment, optional for local servers

    def __repr__(self) -> str:
        return f"OpenAICompatibleProvider(base_url={self.base_url!r})"

    def body(self, request: CompletionRequest) -> dict[str, Any]:
        return {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
        }

    async def complete(self, request: CompletionRequest, progress: ProgressCallback | None = None) -> Completion:
        http = _http()
        headers = {"content-type": "application/json"}
        if self._api_key:
            headers["authorization"] = f"Bearer {self._api_key}"
        url = f"{self.base_url}/chat/completions"
        attempts = self._settings.max_retries + 1
        async with http.AsyncClient(timeout=self._settings.timeout_seconds) as client:
            for attempt in range(attempts):
                try:
                    response = await client.post(url, json=self.body(request), headers=headers)
                except http.TimeoutException:
                    error = ProviderError(
                        "timeout", f"the model did not answer within {self._settings.timeout_seconds:g} s"
                    )
                except http.HTTPError as failure:
                    error = unexpected_error(failure, self.base_url)
                else:
                    if response.status_code < 400:
                        return _completion(response, request.model)
                    error = status_error(
                        response.status_code, response.headers.get("retry-after", ""), "OPENAI_API_KEY"
                    )
                    if response.status_code not in RETRIED_STATUSES:
                        raise error
                if attempt + 1 == attempts:
                    raise error
                await asyncio.sleep(_wait(error, attempt))
        raise ProviderError("connection", "the model could not be reached")  # pragma: no cover


def _wait(error: ProviderError, attempt: int) -> float:
    if error.retry_after is not None:
        return min(max(error.retry_after, 0.0), MAX_RETRY_WAIT)
    return min(0.5 * 2**attempt, MAX_RETRY_WAIT)


def _completion(response, model: str) -> Completion:
    try:
        data = response.json()
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ProviderError("malformed", "the model's reply was not a chat completion") from None
    if not isinstance(text, str) or not text.strip():
        raise ProviderError("malformed", "the model's reply had no text")
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    tokens = {k: v if isinstance(v, int) else 0 for k, v in usage.items()}
    return Completion(
        text=text,
        provider="openai",
        model=data.get("model") if isinstance(data.get("model"), str) else model,
        input_tokens=tokens.get("prompt_tokens", 0),
        output_tokens=tokens.get("completion_tokens", 0),
    )
