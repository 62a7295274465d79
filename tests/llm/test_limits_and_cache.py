"""Spending limits and the answer cache, on their own."""

from __future__ import annotations

import json

from backlint.llm.cache import AnswerCache, cache_key, cache_root
from backlint.llm.limits import LimitReached, RateLimiter, TokenBudget


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_slides_over_a_minute():
    clock = Clock()
    limiter = RateLimiter(2, clock)
    limiter.acquire()
    clock.now += 30
    limiter.acquire()
    try:
        limiter.acquire()
    except LimitReached as reached:
        assert "requestsPerMinute (2) reached; try again in 30 s" in str(reached)
    else:
        raise AssertionError("the third request in a minute went through")
    clock.now += 30.5  # the first request left the window
    limiter.acquire()


def test_token_budget_persists_and_resets_each_day(tmp_path):
    day = ["2026-11-28"]
    budget = TokenBudget(tmp_path / "budget.json", 1000, today=lambda: day[0])
    budget.spend(600)
    assert TokenBudget(tmp_path / "budget.json", 1000, today=lambda: day[0]).used() == 600  # across restarts
    budget.check()
    budget.spend(400)
    try:
        budget.check()
    except LimitReached as reached:
        assert "dailyTokenBudget = 1,000" in str(reached) and "1,000 tokens today" in str(reached)
    else:
        raise AssertionError("an exhausted budget allowed a request")
    day[0] = "2026-11-29"
    budget.check()
    assert budget.used() == 0


def test_cache_root_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKLINT_CACHE_DIR", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.delenv("BACKLINT_CACHE_DIR")
    assert cache_root().name in ("backlint", "Cache")


def test_cache_key_parts():
    base = {
        "provider": "anthropic",
        "model": "m",
        "prompt_version": "1",
        "rule_id": "BL101",
        "purpose": "explain",
        "snippet": "a =  b\n",
    }
    key = cache_key(**base)
    assert key == cache_key(**{**base, "snippet": "  a = b"})  # whitespace does not matter
    for change in (
        {"model": "n"},
        {"prompt_version": "2"},
        {"rule_id": "BL102"},
        {"purpose": "fix"},
        {"snippet": "a = c"},
        {"provider": "openai"},
    ):
        assert cache_key(**{**base, **change}) != key


def test_cache_round_trip_and_corruption(tmp_path):
    cache = AnswerCache(tmp_path)
    cache.put("ab" * 32, sent="redacted turn", answer="the answer", model="m", rule_id="BL101", purpose="explain")
    entry = cache.get("ab" * 32)
    assert (entry["sent"], entry["answer"], entry["rule"]) == ("redacted turn", "the answer", "BL101")
    path = tmp_path / "answers" / "ab" / f"{'ab' * 32}.json"
    path.write_text("{not json")
    assert cache.get("ab" * 32) is None
    path.write_text(json.dumps({"answer": 3}))
    assert cache.get("ab" * 32) is None
    assert cache.get("cd" * 32) is None
