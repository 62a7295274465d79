"""The project's baseline (core/baseline.py) as the editor applies it: findings it records are hidden,
or shown as hints (`baselinedFindings`), so a project adopting backlint sees only what is new.

The file is read again when it changes (its size and modification time are checked per analysis,
one stat call). A missing or invalid file is shown once, as a warning, and then no baseline applies:
the editor keeps serving, and the CLI is where such a file is an error.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from ..core import baseline
from ..core.config import Settings
from ..core.model import Finding

log = logging.getLogger(__name__)


class EditorBaseline:
    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._path = ""
        self._stamp: tuple[int, int] | None = None
        self._loaded: baseline.Baseline | None = None
        self._warned: set[tuple[str, tuple[int, int] | None]] = set()

    def _current(self, settings: Settings) -> baseline.Baseline | None:
        if not settings.baseline:
            return None
        path = settings.baseline
        try:
            info = os.stat(path)
            stamp: tuple[int, int] | None = (info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = None
        if path == self._path and stamp == self._stamp:
            return self._loaded
        self._path, self._stamp, self._loaded = path, stamp, None
        try:
            self._loaded = baseline.load(Path(path))
        except baseline.BaselineError as error:
            if (path, stamp) not in self._warned:
                self._warned.add((path, stamp))
                log.warning("%s", error)
                self._warn(f"backlint: the baseline is not applied: {error}")
        return self._loaded

    def baselined(self, findings: list[Finding], settings: Settings) -> set[int]:
        """The positions in `findings` (the document's active findings, in order) that the baseline
        records. Counts are per file, so a document is judged on its own."""
        known = self._current(settings)
        if known is None or not findings:
            return set()
        kept = {id(f) for f in baseline.apply(known, findings, settings.relative).findings}
        return {index for index, finding in enumerate(findings) if id(finding) not in kept}
