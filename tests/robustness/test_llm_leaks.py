"""Promise 5: the LLM path leaks nothing, over the wire, for every secret finding in the fixtures.

tests/llm/test_leaks.py checks hand-made samples and each fixture's payload for the values the
secret detector finds; here the values come from the fixtures' own `ruleid: BL3xx` findings, read
independently of the detector (a password out of a URL, a key's body lines), and every finding of
every secrets fixture is explained and fixed through the real SDK against the local fake API. The
fix rejections themselves are in tests/llm/test_proposal.py (each reason); here the same four
rejections are driven end to end through `Expert.fix`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backlint.core import engine, languages
from backlint.core.roles import SERVER_CODE
from backlint.llm import Expert, LlmSettings
from tests.support.fake_anthropic import FakeAnthropic

API_KEY = "sk-ant-api03-robustness-leak-key-0123456789abcdefABCDEF"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SECRET_FIXTURES = sorted(p for p in FIXTURES.rglob("secret-*") if languages.for_path(p) is not None)
SETTINGS = LlmSettings(max_retries=0, timeout_seconds=20, requests_per_minute=100_000, daily_token_budget=10**9)

_URL_PASSWORD = re.compile(r"://[^:/@\s\"'`]+:([^@\s\"'`]+)@")
_PARAM_PASSWORD = re.compile(r"(?i)(?:password|pwd)=([^&;\s\"'`]+)")


def secret_values(rule_id: str, span_text: str) -> list[str]:
    """The parts of a secret finding that must never leave the machine."""
    if rule_id == "BL302":
        values = _URL_PASSWORD.findall(span_text) + _PARAM_PASSWORD.findall(span_text)
    elif rule_id == "BL304":
        body = span_text.replace("\\n", "\n")
        values = [line.strip(" \t\"'`+,") for line in body.splitlines() if "-----" not in line]
    else:
        values = [span_text.strip("\"'`")]
    return [v for v in values if len(v) >= 8 and not v.startswith(("${", "{", "<"))]


@pytest.fixture(scope="module")
def fake():
    with FakeAnthropic() as server:
        yield server


@pytest.mark.parametrize("fixture", SECRET_FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in SECRET_FIXTURES])
async def test_no_fixture_secret_and_no_key_reaches_the_model(fixture: Path, fake: FakeAnthropic, tmp_path: Path):
    fake.reset()
    text = fixture.read_text(encoding="utf-8")
    analysis = engine.analyze(
        text, path=f"app/{fixture.name}", language=languages.for_path(fixture).name, role=SERVER_CODE
    )
    data = analysis.source.data
    secrets = [f for f in analysis.active() if f.rule_id.startswith("BL3")]
    assert secrets, "a secrets fixture without a secret finding proves nothing"
    values = {v for f in secrets for v in secret_values(f.rule_id, data[f.span.start_byte : f.span.end_byte].decode())}
    # Text that is also outside every secret (a public key shares lines with the private one) is no secret.
    masked = bytearray(data)
    for f in secrets:
        masked[f.span.start_byte : f.span.end_byte] = bytes(f.span.end_byte - f.span.start_byte)
    values = {v for v in values if v.encode() not in masked}
    assert values
    expert = Expert(
        cache_dir=tmp_path / "cache", environ={"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": fake.url}
    )
    for finding in secrets:
        await expert.explain(analysis, finding, SETTINGS)
    # A fix request carries the same redacted subject with another task: one per rule is enough.
    for finding in {f.rule_id: f for f in secrets}.values():
        await expert.fix(analysis, finding, SETTINGS)
    assert len(fake.requests) >= len(secrets)
    sent = fake.sent_bytes
    leaked = sorted(v for v in values if v.encode() in sent)
    assert not leaked, f"sent to the model: {[v[:4] + '…' for v in leaked]}"
    assert API_KEY.encode() not in sent
    # It went in a header, as the API wants, and nowhere else.
    assert all(API_KEY in (r.headers.get("x-api-key", "") + r.headers.get("authorization", "")) for r in fake.requests)


async def test_a_denied_file_sends_nothing_and_nothing_of_it_travels_with_others(fake: FakeAnthropic, tmp_path: Path):
    fake.reset()
    denied_text = (FIXTURES / "python" / "secret-assignment.py").read_text(encoding="utf-8")
    expert = Expert(
        cache_dir=tmp_path / "cache", environ={"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": fake.url}
    )
    for path in ("app/secrets.py", "deploy/.env.production.py", "keys/id_rsa_helper.py"):
        analysis = engine.analyze(denied_text, path=path, language="python")
        for finding in analysis.active():
            explained = await expert.explain(analysis, finding, SETTINGS)
            assert explained.source == "offline" and "denyFiles" in (explained.notice or "")
            fixed = await expert.fix(analysis, finding, SETTINGS)
            assert fixed.source == "offline"
    assert fake.requests == [], "a denied file reached the model"
    # A file that imports the denied module is sent; the denied file's lines are not.
    user = (
        "from app.secrets import DB_PASSWORD\n\n"
        "def connect():\n    try:\n        return db(DB_PASSWORD)\n    except Exception:\n        pass\n"
    )
    analysis = engine.analyze(user, path="app/service.py", language="python")
    await expert.explain(analysis, analysis.active()[0], SETTINGS)
    assert len(fake.requests) == 1
    denied_lines = [line.strip() for line in denied_text.splitlines() if len(line.strip()) > 20 and "=" in line]
    assert not [line for line in denied_lines if line.encode() in fake.sent_bytes]


SWALLOW = """import logging

logger = logging.getLogger(__name__)


def charge(order):
    try:
        gateway.charge(order)
    except Exception:
        pass


def refund(order):
    return gateway.refund(order)
"""
NEW_SECRET = "AKIA" + "Q7ZP4WLMN3RT5XK2"  # built by concatenation: this file holds no finding


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (
            f'```python lines=9-10\n    except Exception:\n        key = "{NEW_SECRET}"\n        raise\n```',
            "looks like a secret",
        ),
        ("```python lines=9-10\n    except Exception:\n        raise (\n```", "does not parse"),
        ("```python lines=40-41\n    except Exception:\n        raise\n```", "reaches outside"),
        (
            "```python lines=13-14\ndef refund(order):\n    return gateway.refund(order, force=True)\n```",
            "reaches outside",
        ),
    ],
    ids=["new-secret", "syntax-error", "out-of-range", "unrelated-change"],
)
async def test_a_bad_model_fix_is_rejected_with_a_reason_and_never_offered(
    reply, reason, fake: FakeAnthropic, tmp_path: Path
):
    fake.reset()
    fake.reply(reply)
    analysis = engine.analyze(SWALLOW, path="app/billing.py", language="python")
    finding = next(f for f in analysis.active() if f.rule_id == "BL201")
    expert = Expert(
        cache_dir=tmp_path / "cache", environ={"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": fake.url}
    )
    answer = await expert.fix(analysis, finding, SETTINGS)
    assert len(fake.requests) == 1
    assert "not offered" in answer.notice and reason in answer.notice
    assert answer.source == "offline"  # backlint's own verified fix, if any, instead
    assert not any(
        NEW_SECRET in e.new_text or "force=True" in e.new_text or "raise (" in e.new_text for e in answer.edits
    )
