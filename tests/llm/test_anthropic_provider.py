"""The Anthropic provider through the real SDK, over HTTP, against the local fake Messages API."""

from __future__ import annotations

import asyncio

import pytest

from backlint.llm import prompts
from backlint.llm.anthropic_provider import AnthropicProvider
from backlint.llm.provider import CompletionRequest, ProviderError
from backlint.llm.settings import LlmSettings

from .conftest import API_KEY


def _request(user: str = "Explain BL201 at line 9.") -> CompletionRequest:
    return CompletionRequest(
        system=prompts.system_prompt().text, user=user, model="claude-sonnet-5-5", max_tokens=300, purpose="explain"
    )


def _provider(fake, *, stream=True, **changes) -> AnthropicProvider:
    settings = LlmSettings(**{"max_retries": 0, "timeout_seconds": 10, **changes})
    return AnthropicProvider(settings, api_key=API_KEY, base_url=fake.url, stream=stream)


@pytest.mark.parametrize("stream", [True, False], ids=["sse", "json"])
async def test_request_carries_the_cached_persona_and_the_finding(fake, stream):
    fake.reply("Swallowing the exception hides the outage.")
    progress: list[str] = []
    completion = await _provider(fake, stream=stream).complete(_request(), progress.append)

    assert completion.text == "Swallowing the exception hides the outage."
    assert (completion.input_tokens, completion.output_tokens) == (fake.input_tokens, fake.output_tokens)
    [sent] = fake.requests
    assert sent.path == "/v1/messages"
    body = sent.json
    assert body.get("stream", False) is stream
    [system] = body["system"]
    assert system["cache_control"] == {"type": "ephemeral"}
    assert "senior backend engineer" in system["text"] and "<untrusted-code>" in system["text"]
    assert body["messages"] == [{"role": "user", "content": "Explain BL201 at line 9."}]
    # The key goes in a header, never in the body.
    assert API_KEY.encode() not in sent.body
    assert API_KEY in sent.headers.get("x-api-key", "") + sent.headers.get("authorization", "")
    assert bool(progress) is stream


async def test_streamed_text_is_reassembled_from_many_deltas(fake):
    long_text = "".join(f"line {n}: parameterise the query.\n" for n in range(40))
    fake.reply(long_text)
    progress: list[str] = []
    completion = await _provider(fake).complete(_request(), progress.append)
    assert completion.text == long_text
    assert len(progress) > 10 and progress[-1] == f"{len(long_text):,} characters received"


@pytest.mark.parametrize(
    ("status", "kind"),
    [(429, "rate-limited"), (500, "server-error"), (529, "overloaded"), (401, "auth"), (400, "bad-request")],
)
async def test_http_failures_become_one_clear_error(fake, status, kind):
    fake.fail(status, {"retry-after": "7"} if status == 429 else {})
    with pytest.raises(ProviderError) as raised:
        await _provider(fake).complete(_request())
    assert raised.value.kind == kind
    assert str(status) in str(raised.value)
    if status == 429:
        assert raised.value.retry_after == 7.0 and "retry after 7 s" in str(raised.value)
    assert len(fake.requests) == 1


async def test_sdk_retries_a_429_honouring_retry_after(fake):
    fake.fail(429, {"retry-after": "0.01"})
    fake.fail(529, {"retry-after": "0.01"})
    fake.reply("third time lucky")
    completion = await _provider(fake, max_retries=2).complete(_request())
    assert completion.text == "third time lucky"
    assert len(fake.requests) == 3
    assert [r.headers.get("x-stainless-retry-count") for r in fake.requests] == ["0", "1", "2"]


async def test_dropped_connection(fake):
    fake.drop()
    with pytest.raises(ProviderError) as raised:
        await _provider(fake).complete(_request())
    assert raised.value.kind == "connection"


async def test_stream_cut_in_the_middle_is_not_taken_as_an_answer(fake):
    fake.drop_mid_stream("x" * 200)
    with pytest.raises(ProviderError) as raised:
        await _provider(fake).complete(_request())
    assert raised.value.kind == "connection"


@pytest.mark.parametrize("stream", [True, False], ids=["sse", "json"])
async def test_malformed_reply(fake, stream):
    fake.malformed()
    with pytest.raises(ProviderError) as raised:
        await _provider(fake, stream=stream).complete(_request())
    assert raised.value.kind == "malformed"


async def test_reply_without_text_is_malformed(fake):
    fake.malformed(
        b'{"id":"m","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"end_turn",'
        b'"usage":{"input_tokens":1,"output_tokens":0}}'
    )
    with pytest.raises(ProviderError) as raised:
        await _provider(fake, stream=False).complete(_request())
    assert raised.value.kind == "malformed"


async def test_refused_connection(unused_tcp_port):
    settings = LlmSettings(max_retries=0, timeout_seconds=5)
    provider = AnthropicProvider(settings, api_key=API_KEY, base_url=f"http://127.0.0.1:{unused_tcp_port}")
    with pytest.raises(ProviderError) as raised:
        await provider.complete(_request())
    assert raised.value.kind == "connection"


async def test_slow_reply_times_out(fake):
    fake.slow()
    with pytest.raises(ProviderError) as raised:
        await _provider(fake, timeout_seconds=0.3).complete(_request())
    assert raised.value.kind == "timeout"
    # The SDK hung up on the held request.
    assert await asyncio.to_thread(fake.client_disconnected.wait, 5)


@pytest.mark.parametrize("stream", [True, False], ids=["sse", "json"])
async def test_cancelling_the_task_cancels_the_http_request(fake, stream):
    fake.slow()
    task = asyncio.create_task(_provider(fake, stream=stream).complete(_request()))
    assert await asyncio.to_thread(fake.request_started.wait, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The server sees the connection closed while it still held the reply.
    assert await asyncio.to_thread(fake.client_disconnected.wait, 5)
    assert not fake.release.is_set()


def test_the_key_is_not_in_the_providers_repr(fake):
    assert API_KEY not in repr(_provider(fake))
