"""The OpenAI-compatible provider (local model servers) against the local fake endpoint."""

from __future__ import annotations

import asyncio

import pytest

from backlint.llm.choice import choose_provider
from backlint.llm.openai_provider import OpenAICompatibleProvider
from backlint.llm.provider import CompletionRequest, ProviderError
from backlint.llm.settings import LlmSettings


def _request() -> CompletionRequest:
    return CompletionRequest(
        system="SYSTEM PROMPT", user="USER TURN", model="qwen2.5-coder", max_tokens=200, purpose="explain"
    )


def _provider(fake_openai, **changes) -> OpenAICompatibleProvider:
    settings = LlmSettings(**{"max_retries": 0, "timeout_seconds": 10, **changes})
    return OpenAICompatibleProvider(settings, base_url=fake_openai.url + "/v1")


async def test_chat_completion_round_trip(fake_openai):
    fake_openai.reply("Use a parameterised query.")
    completion = await _provider(fake_openai).complete(_request())
    assert completion.text == "Use a parameterised query."
    assert (completion.provider, completion.input_tokens, completion.output_tokens) == ("openai", 900, 120)
    [sent] = fake_openai.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.json["messages"] == [
        {"role": "system", "content": "SYSTEM PROMPT"},
        {"role": "user", "content": "USER TURN"},
    ]
    assert "authorization" not in sent.headers  # no key configured: none invented


async def test_key_from_the_environment_goes_in_the_header_only(fake_openai):
    settings = LlmSettings(provider="openai", base_url=fake_openai.url + "/v1", max_retries=0)
    choice = choose_provider(settings, {"OPENAI_API_KEY": "sk-local-123456"})
    await choice.provider.complete(_request())
    [sent] = fake_openai.requests
    assert sent.headers["authorization"] == "Bearer sk-local-123456"
    assert b"sk-local-123456" not in sent.body


async def test_retries_after_429_then_answers(fake_openai):
    fake_openai.fail(429, {"retry-after": "0"})
    fake_openai.fail(503, {"retry-after": "0"})
    fake_openai.reply("ok")
    completion = await _provider(fake_openai, max_retries=2).complete(_request())
    assert completion.text == "ok" and len(fake_openai.requests) == 3


@pytest.mark.parametrize(
    ("script", "kind"),
    [
        (lambda f: f.fail(429, {"retry-after": "0"}), "rate-limited"),
        (lambda f: f.fail(500), "server-error"),
        (lambda f: f.fail(529), "overloaded"),
        (lambda f: f.drop(), "connection"),
        (lambda f: f.malformed(), "malformed"),
    ],
    ids=["429", "500", "529", "drop", "malformed"],
)
async def test_failures(fake_openai, script, kind):
    script(fake_openai)
    with pytest.raises(ProviderError) as raised:
        await _provider(fake_openai).complete(_request())
    assert raised.value.kind == kind


async def test_timeout(fake_openai):
    fake_openai.slow()
    with pytest.raises(ProviderError) as raised:
        await _provider(fake_openai, timeout_seconds=0.3).complete(_request())
    assert raised.value.kind == "timeout"


async def test_cancellation_closes_the_connection(fake_openai):
    fake_openai.slow()
    task = asyncio.create_task(_provider(fake_openai).complete(_request()))
    assert await asyncio.to_thread(fake_openai.request_started.wait, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(fake_openai.client_disconnected.wait, 5)
