"""A failed request to a model's HTTP API, as one ProviderError: shared by the Anthropic and the
OpenAI-compatible providers."""

from __future__ import annotations

import logging

from .provider import ProviderError

log = logging.getLogger(__name__)


def unexpected_error(error: Exception, where: str) -> ProviderError:
    """Transport failures the SDK did not wrap become "connection"; anything else "malformed"."""
    log.warning("model request failed: %s", type(error).__name__)  # the type only: messages may quote data
    module = type(error).__module__ or ""
    if module.startswith(("httpx", "httpcore", "h11", "anyio")) or isinstance(error, OSError):
        return ProviderError("connection", f"the connection to the model at {where} was lost")
    return ProviderError("malformed", "the model's reply could not be read")


def status_error(status: int, retry_after: str = "", key_env: str = "ANTHROPIC_API_KEY") -> ProviderError:
    try:
        seconds = float(retry_after) if retry_after else None
    except ValueError:
        seconds = None  # an HTTP date: the SDK honours it; the message just omits it
    if status == 429:
        wait = f"; retry after {retry_after} s" if seconds is not None else ""
        return ProviderError("rate-limited", f"the model's API is rate limiting requests (HTTP 429{wait})", seconds)
    if status == 529:
        return ProviderError("overloaded", "the model's API is overloaded (HTTP 529); try again shortly", seconds)
    if status >= 500:
        return ProviderError("server-error", f"the model's API had an internal error (HTTP {status})", seconds)
    if status in (401, 403):
        return ProviderError("auth", f"the model's API refused the key in {key_env} (HTTP {status})")
    return ProviderError("bad-request", f"the model's API rejected the request (HTTP {status})")
