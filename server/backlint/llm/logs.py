"""Keep the HTTP SDKs' loggers quiet: at DEBUG they log request bodies, which carry code.
(pygls' logger is the language server's to set.)"""

from __future__ import annotations

import logging

QUIET_LOGGERS = ("anthropic", "httpx", "httpx2", "httpcore", "httpcore2")


def quiet_sdk_loggers(level: int = logging.WARNING) -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(level)
