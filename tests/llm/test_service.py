"""Explain and fix through the Expert service: the real SDK, the fake API, the disk cache, limits,
and the offline answer whenever the model is not used or fails."""

from __future__ import annotations

import json
import logging

import pytest

from backlint.core.fixes import apply_edits
from backlint.llm import Expert, LlmSettings
from backlint.llm.choice import choose_provider
from backlint.llm.limits import TokenBudget
from backlint.llm.redact import DetectorUnavailable

from .conftest import (
    API_KEY,
    JS_SWALLOW,
    PY_GOOD_FIX,
    PY_SQL,
    PY_SWALLOW,
    analyse,
    finding_of,
)


def test_auto_chooses_anthropic_only_with_a_key_in_the_environment():
    settings = LlmSettings()
    assert choose_provider(settings, {}).provider.name == "offline"
    assert "ANTHROPIC_API_KEY" in choose_provider(settings, {}).reason
    assert choose_provider(settings, {"ANTHROPIC_API_KEY": API_KEY}).provider.name == "anthropic"
    assert choose_provider(LlmSettings(provider="offline"), {"ANTHROPIC_API_KEY": API_KEY}).provider.name == "offline"
    assert choose_provider(LlmSettings(enabled=False), {"ANTHROPIC_API_KEY": API_KEY}).provider.name == "offline"
    assert choose_provider(LlmSettings(provider="openai"), {}).provider.name == "offline"  # no base URL


def test_base_url_comes_from_the_users_setting_before_the_environment():
    env = {"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/env"}
    assert choose_provider(LlmSettings(), env).provider.base_url == "http://127.0.0.1:9/env"
    chosen = choose_provider(LlmSettings(base_url="http://127.0.0.1:9/user"), env).provider
    assert chosen.base_url == "http://127.0.0.1:9/user"


async def test_explain_asks_the_model_once_then_serves_the_cache(expert, fake, settings, cache_dir):
    analysis = analyse(PY_SWALLOW)
    finding = finding_of(analysis, "BL201")
    fake.reply("An `except Exception: pass` here hides a failed charge.")

    first = await expert.explain(analysis, finding, settings, key="file:///w/app/service.py")
    assert (first.source, first.notice) == ("model", None)
    assert "hides a failed charge" in first.text
    document = first.document(finding)
    assert document.startswith("# BL201 swallowed-exception") and "answered by claude-sonnet-5-5" in document
    assert expert.explanations[("file:///w/app/service.py", finding.fingerprint)] == document
    assert len(fake.requests) == 1

    # Same code, moved and re-indented in another file: the cache answers, nothing is sent.
    moved = analyse("\n\n# moved\n" + PY_SWALLOW.replace("    ", "  "), path="app/other.py")
    second = await Expert(
        cache_dir=cache_dir, environ={"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": fake.url}
    ).explain(moved, finding_of(moved, "BL201"), settings)
    assert second.source == "cache" and second.text == first.text
    assert len(fake.requests) == 1

    [entry_path] = (cache_dir / "answers").rglob("*.json")
    entry = json.loads(entry_path.read_text())
    assert entry["sent"] == fake.requests[0].json["messages"][0]["content"]
    assert entry["answer"] == first.text and entry["rule"] == "BL201"


async def test_cache_key_separates_model_and_purpose(expert, fake, settings):
    analysis = analyse(PY_SWALLOW)
    finding = finding_of(analysis, "BL201")
    await expert.explain(analysis, finding, settings)
    await expert.explain(analysis, finding, LlmSettings(max_retries=0, model="claude-opus-4-1"))
    fake.reply(PY_GOOD_FIX)
    await expert.fix(analysis, finding, settings)
    assert [r.json["model"] for r in fake.requests] == ["claude-sonnet-5-5", "claude-opus-4-1", "claude-sonnet-5-5"]


async def test_without_a_key_the_explanation_is_real_offline_text(cache_dir, settings):
    analysis = analyse(PY_SQL, path="app/users.py")
    finding = finding_of(analysis, "BL101")
    answer = await Expert(cache_dir=cache_dir, environ={}).explain(analysis, finding, settings)
    assert answer.source == "offline" and answer.alert is False  # no key is no failure: no popup
    text = answer.document(finding)
    assert "BL101" in text and "sql-string-building" in text
    assert "cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")" in text  # the finding's own code
    assert "Line 6 of `users.py`" in text
    assert "controls the query" in text  # the family's concrete consequence
    assert "ANTHROPIC_API_KEY" in text and "backlint.llm.baseUrl" in text  # how to enable the model
    assert "no ANTHROPIC_API_KEY" in text  # why no model answered


async def test_offline_explanation_includes_the_verified_deterministic_fix(cache_dir, settings):
    analysis = analyse(JS_SWALLOW, path="app/find.js", language="javascript")
    finding = finding_of(analysis, "BL201")
    answer = await Expert(cache_dir=cache_dir, environ={}).explain(analysis, finding, settings)
    assert "Log the error and rethrow it" in answer.text and "console.error(err)" in answer.text


async def test_offline_fix_is_the_deterministic_one(cache_dir, settings):
    analysis = analyse(JS_SWALLOW, path="app/find.js", language="javascript")
    finding = finding_of(analysis, "BL201")
    answer = await Expert(cache_dir=cache_dir, environ={}).fix(analysis, finding, settings)
    assert answer.applicable and answer.source == "offline"
    assert "console.error(err)" in apply_edits(analysis.source.data, answer.edits).decode()
    assert "no ANTHROPIC_API_KEY" in answer.notice


@pytest.mark.parametrize(
    "script",
    [
        lambda f: f.fail(429, {"retry-after": "30"}),
        lambda f: f.fail(500),
        lambda f: f.fail(529),
        lambda f: f.drop(),
        lambda f: f.malformed(),
    ],
    ids=["429", "500", "529", "dropped", "malformed"],
)
async def test_a_failing_model_falls_back_to_the_offline_answer_with_one_notice(expert, fake, settings, script):
    analysis = analyse(PY_SWALLOW)
    finding = finding_of(analysis, "BL201")
    script(fake)
    answer = await expert.explain(analysis, finding, settings)
    assert answer.source == "offline"
    assert answer.notice.startswith("The backend expert is unavailable (") and answer.alert
    assert "swallowed-exception" in answer.text
    # The failure was not cached: the next explain asks again and gets the model.
    fake.reply("now it works")
    again = await expert.explain(analysis, finding, settings)
    assert again.source == "model" and again.text == "now it works"


async def test_timeout_falls_back(expert, fake):
    analysis = analyse(PY_SWALLOW)
    fake.slow()
    answer = await expert.explain(
        analysis, finding_of(analysis, "BL201"), LlmSettings(max_retries=0, timeout_seconds=0.3)
    )
    assert answer.source == "offline" and "did not answer within 0.3 s" in answer.notice


async def test_refused_connection_falls_back(cache_dir, settings, unused_tcp_port):
    env = {"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{unused_tcp_port}"}
    analysis = analyse(PY_SWALLOW)
    answer = await Expert(cache_dir=cache_dir, environ=env).explain(analysis, finding_of(analysis, "BL201"), settings)
    assert answer.source == "offline" and "could not reach the model" in answer.notice


async def test_denied_files_are_never_sent(expert, fake, settings):
    analysis = analyse(PY_SWALLOW, path="config/secrets.py")
    answer = await expert.explain(analysis, finding_of(analysis, "BL201"), settings)
    assert answer.source == "offline" and "backlint.llm.denyFiles (secrets.*)" in answer.notice
    assert fake.requests == []
    custom = LlmSettings(max_retries=0, deny_files=("app/*",))
    analysis = analyse(PY_SWALLOW, path="app/service.py")
    await expert.explain(analysis, finding_of(analysis, "BL201"), custom)
    assert fake.requests == []


async def test_without_a_secret_detector_nothing_is_sent(cache_dir, env, fake, settings):
    def missing():
        raise DetectorUnavailable("test")

    analysis = analyse(PY_SWALLOW)
    answer = await Expert(cache_dir=cache_dir, environ=env, detector=missing).explain(
        analysis, finding_of(analysis, "BL201"), settings
    )
    assert answer.source == "offline" and "secret detector is not available" in answer.notice
    assert fake.requests == []


async def test_requests_per_minute_limit(expert, fake):
    settings = LlmSettings(max_retries=0, requests_per_minute=2)
    samples = [analyse(PY_SWALLOW.replace("charge", name)) for name in ("charge", "refund", "void")]
    answers = [await expert.explain(a, finding_of(a, "BL201"), settings) for a in samples]
    assert [a.source for a in answers] == ["model", "model", "offline"]
    assert "requestsPerMinute (2) reached" in answers[2].notice
    assert len(fake.requests) == 2


async def test_daily_token_budget(expert, fake, cache_dir):
    settings = LlmSettings(max_retries=0, daily_token_budget=1000)
    first, second = (analyse(PY_SWALLOW.replace("charge", name)) for name in ("charge", "refund"))
    assert (await expert.explain(first, finding_of(first, "BL201"), settings)).source == "model"
    assert TokenBudget(cache_dir / "budget.json", 1000).used() == fake.input_tokens + fake.output_tokens
    answer = await expert.explain(second, finding_of(second, "BL201"), settings)
    assert answer.source == "offline" and "dailyTokenBudget = 1,000" in answer.notice
    assert len(fake.requests) == 1


async def test_show_payload_is_exactly_what_is_sent(expert, fake, settings):
    analysis = analyse(PY_SWALLOW)
    finding = finding_of(analysis, "BL201")
    shown = expert.payload(analysis, finding, settings)
    assert shown["provider"] == "anthropic" and shown["sent"] is False
    assert fake.requests == []  # showing sends nothing
    await expert.explain(analysis, finding, settings)
    sent = fake.requests[0].json
    sent.pop("stream", None)
    assert sent == shown["payload"]


async def test_show_payload_without_a_key_shows_what_would_be_sent(cache_dir, settings):
    analysis = analyse(PY_SWALLOW)
    shown = Expert(cache_dir=cache_dir, environ={}).payload(analysis, finding_of(analysis, "BL201"), settings)
    assert shown["provider"] == "offline"
    assert shown["payload"]["system"][0]["cache_control"] == {"type": "ephemeral"}


async def test_model_fix_is_checked_and_applied_to_a_copy(expert, fake, settings):
    analysis = analyse(PY_SWALLOW)
    finding = finding_of(analysis, "BL201")
    fake.reply(PY_GOOD_FIX)
    answer = await expert.fix(analysis, finding, settings)
    assert answer.applicable and answer.source == "model" and answer.notice is None
    fixed = apply_edits(analysis.source.data, answer.edits).decode()
    assert 'logger.exception("charging order %s failed", order)\n        raise' in fixed
    assert analysis.source.text == PY_SWALLOW  # the document itself is untouched
    assert "Task: fix" in fake.requests[0].json["messages"][0]["content"]


async def test_rejected_model_fix_offers_the_deterministic_one_with_the_reason(expert, fake, settings):
    analysis = analyse(JS_SWALLOW, path="app/find.js", language="javascript")
    finding = finding_of(analysis, "BL201")
    fake.reply("```javascript lines=6-7\n  } catch (err) {\n    if (\n  }\n```")
    answer = await expert.fix(analysis, finding, settings)
    assert answer.source == "offline" and answer.title == "Log the error and rethrow it"
    assert "does not parse" in answer.notice and "backlint's own fix is offered instead" in answer.notice


async def test_cached_fix_is_rebased_to_where_the_snippet_now_is(expert, fake, settings, cache_dir, env):
    analysis = analyse(PY_SWALLOW)
    fake.reply(PY_GOOD_FIX)
    assert (await expert.fix(analysis, finding_of(analysis, "BL201"), settings)).applicable
    shifted = analyse("import os\n\n\n" + PY_SWALLOW)
    answer = await Expert(cache_dir=cache_dir, environ=env).fix(shifted, finding_of(shifted, "BL201"), settings)
    assert answer.source == "cache" and answer.applicable
    assert apply_edits(shifted.source.data, answer.edits).decode().splitlines()[13] == "        raise"
    assert len(fake.requests) == 1


async def test_nothing_logs_prompt_or_document_text(expert, fake, settings, caplog):
    caplog.set_level(logging.DEBUG)
    marker = "distinctive_function_name_for_the_log_check"
    analysis = analyse(PY_SWALLOW.replace("charge", marker))
    finding = finding_of(analysis, "BL201")
    fake.reply("fine")
    await expert.explain(analysis, finding, settings)
    fake.fail(500)
    await expert.fix(analysis, finding, LlmSettings(max_retries=0, model="other"))
    fake.malformed()
    await expert.explain(analysis, finding, LlmSettings(max_retries=0, model="third"))
    assert len(fake.requests) == 3
    assert marker not in caplog.text and "senior backend engineer" not in caplog.text and API_KEY not in caplog.text
    for name in ("anthropic", "httpx2", "httpcore2"):
        assert logging.getLogger(name).level == logging.WARNING
