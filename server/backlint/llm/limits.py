"""Spending limits: requests per minute, and a daily token budget kept on disk across restarts."""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


class LimitReached(Exception):
    """A request was not sent; `str()` tells the user which limit and what to do."""


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._sent: deque[float] = deque()

    def acquire(self) -> None:
        """Count one request, or raise LimitReached when the last minute already had the maximum."""
        now = self._clock()
        while self._sent and now - self._sent[0] >= 60.0:
            self._sent.popleft()
        if self.per_minute > 0 and len(self._sent) >= self.per_minute:
            wait = 60.0 - (now - self._sent[0])
            raise LimitReached(
                f"backlint.llm.requestsPerMinute ({self.per_minute}) reached; try again in {max(1, round(wait))} s"
            )
        self._sent.append(now)


def _utc_today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


class TokenBudget:
    """Tokens used today (UTC), stored in `<cache>/budget.json` so restarting does not reset it."""

    def __init__(self, path: Path, daily_limit: int, today: Callable[[], str] = _utc_today):
        self.path = path
        self.daily_limit = daily_limit
        self._today = today

    def used(self) -> int:
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0
        if not isinstance(record, dict) or record.get("day") != self._today():
            return 0
        used = record.get("used", 0)
        return used if isinstance(used, int) else 0

    def check(self) -> None:
        if self.daily_limit <= 0:
            return
        used = self.used()
        if used >= self.daily_limit:
            raise LimitReached(
                f"the daily token budget (backlint.llm.dailyTokenBudget = {self.daily_limit:,}) is used up "
                f"({used:,} tokens today); it resets at midnight UTC"
            )

    def spend(self, tokens: int) -> None:
        record = {"day": self._today(), "used": self.used() + max(0, tokens)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(record), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("could not record token use: %s", error.strerror or type(error).__name__)
