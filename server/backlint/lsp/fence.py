"""The error fence around every handler: log the detail, tell the user once, keep serving.

In strict mode (BACKLINT_STRICT=1, set by the test suite) the fence re-raises instead, so an
exception it would swallow fails the test that caused it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any

from ..core.engine import strict_mode

log = logging.getLogger(__name__)


class ErrorReporter:
    """Logs every failure; shows one generic message per feature, never one per keystroke."""

    def __init__(self, show: Callable[[str], None]):
        self._show = show
        self._reported: set[str] = set()

    def report(self, feature: str, error: BaseException) -> None:
        # The exception's message can quote the document: only its type and the frames (our own
        # source lines) are logged at the default level, the message at DEBUG.
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("%s failed: %s\n%s", feature, type(error).__name__, frames.rstrip())
        log.debug("%s failed: %r", feature, error)
        if feature in self._reported:
            return
        self._reported.add(feature)
        try:
            self._show(f"backlint: {feature} failed and is skipped for now; details are in the backlint log.")
        except Exception:  # the transport itself may be gone
            log.warning("could not tell the client that %s failed", feature)


def fenced(report: Callable[[str, BaseException], None], feature: str, default: Any = None):
    """Wrap a handler so that an exception becomes `default` (and one report) instead of a crash.

    A callable `default` is called with the handler's arguments (to answer with what came in)."""

    def wrap(function):
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def async_wrapper(*args, **kwargs):
                try:
                    return await function(*args, **kwargs)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    if strict_mode():
                        raise
                    report(feature, error)
                    return default(*args, **kwargs) if callable(default) else default

            return async_wrapper

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                if strict_mode():
                    raise
                report(feature, error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return wrap
