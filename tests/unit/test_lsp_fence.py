"""The error fence: one message per failing feature, a default answer, and re-raising in strict mode."""

from __future__ import annotations

import asyncio

import pytest

from backlint.core.engine import STRICT_ENV
from backlint.lsp.fence import ErrorReporter, fenced


def _broken(_params):
    raise RuntimeError("boom")


async def _broken_async(_params):
    raise RuntimeError("boom")


def test_a_failing_feature_is_shown_once_and_answers_the_default(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)
    shown: list[str] = []
    reporter = ErrorReporter(shown.append)
    handler = fenced(reporter.report, "hover", default=lambda params: f"default for {params}")(_broken)
    assert [handler(n) for n in range(5)] == [f"default for {n}" for n in range(5)]
    assert len(shown) == 1 and "hover" in shown[0] and "boom" not in shown[0]
    other = fenced(reporter.report, "code actions", default=[])(_broken_async)
    assert asyncio.run(other(1)) == []
    assert len(shown) == 2


def test_strict_mode_re_raises(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    reporter = ErrorReporter(lambda message: None)
    with pytest.raises(RuntimeError):
        fenced(reporter.report, "hover")(_broken)(None)
    with pytest.raises(RuntimeError):
        asyncio.run(fenced(reporter.report, "hover")(_broken_async)(None))


def test_cancellation_is_not_swallowed(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)

    async def cancelled(_params):
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(fenced(ErrorReporter(lambda m: None).report, "x")(cancelled)(None))


def test_the_log_at_default_level_never_quotes_the_exception_message(caplog):
    import logging

    from backlint.lsp.fence import ErrorReporter

    reporter = ErrorReporter(lambda message: None)
    caplog.set_level(logging.INFO)
    document_text = "password = " + "hunter" + "2-document-text"
    try:
        raise ValueError(f"unexpected token in: {document_text}")  # the frame shows this line, not the value
    except ValueError as error:
        reporter.report("hover", error)
    assert "hover failed: ValueError" in caplog.text
    assert "hunter2" not in caplog.text
