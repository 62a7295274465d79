"""Scan progress on stderr (`files done/total`) for people watching a terminal.

Shown only when stderr is a terminal and not in CI, and only once a scan has run for a second: a
quick scan prints nothing extra, and pipes and CI logs never get carriage-return noise.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1


def wanted(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and wanted(self.stream)
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._started < SHOW_AFTER_SECONDS or now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._shown = True
        self.stream.write(f"\r\x1b[2Kbacklint: {self.done}/{self.total} files")
        self.stream.flush()

    def close(self) -> None:
        """Clear the progress line, so the report starts on a clean line."""
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False
