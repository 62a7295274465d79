"""Shared pieces for the LLM layer's tests: a fake Messages API on 127.0.0.1, a temporary cache,
and analysed sample code with real findings."""

from __future__ import annotations

import pytest

from backlint.core import engine
from backlint.llm import Expert, LlmSettings
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fake_openai import FakeOpenAI

# Shaped like a real key, so a leak of it into a request body would be visible; never valid.
API_KEY = "sk-ant-api03-testkey-DO-NOT-SEND-0123456789abcdef"

PY_SWALLOW = """import logging

logger = logging.getLogger(__name__)


def charge(order):
    try:
        gateway.charge(order)
    except Exception:
        pass
"""

PY_SQL = """import sqlite3


def find_user(conn, name):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return cur.fetchone()
"""

JS_SWALLOW = """const db = require("pg");

async function find(client, name) {
  try {
    return await client.query("SELECT 1");
  } catch (err) {
  }
}
"""

# The log-and-reraise fix for PY_SWALLOW's handler, as a model would write it (lines 9-10).
PY_GOOD_FIX = """```python lines=9-10
    except Exception:
        logger.exception("charging order %s failed", order)
        raise
```
Logs the failure with its traceback and lets it propagate.
"""


def analyse(text: str, path: str = "app/service.py", language: str = "python"):
    return engine.analyze(text, path=path, language=language)


def finding_of(analysis, rule_id: str):
    found = [f for f in analysis.findings if f.rule_id == rule_id]
    assert found, f"{rule_id} not found in the sample"
    return found[0]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BACKLINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def fake():
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def fake_openai():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def env(fake):
    return {"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": fake.url}


@pytest.fixture
def settings():
    # No SDK retries by default, so a scripted failure is one request; retry tests raise it.
    return LlmSettings(max_retries=0, timeout_seconds=10)


@pytest.fixture
def expert(cache_dir, env):
    return Expert(cache_dir=cache_dir, environ=env)
