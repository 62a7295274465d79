"""Answers cached on disk, keyed by (model, prompt version, rule, purpose, normalised snippet hash).

An entry holds only what was sent (already redacted) and the answer, never the original code.
The folder is the user cache dir, or BACKLINT_CACHE_DIR (tests point it at a temporary folder).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "BACKLINT_CACHE_DIR"


def cache_root() -> Path:
    configured = os.environ.get(CACHE_DIR_ENV, "").strip()
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("backlint", appauthor=False))


def normalise_snippet(code: str) -> str:
    """Whitespace-insensitive, so re-indenting or moving the code keeps its answer."""
    return " ".join(code.split())


def cache_key(*, model: str, prompt_version: str, rule_id: str, purpose: str, snippet: str, provider: str) -> str:
    snippet_hash = hashlib.sha256(normalise_snippet(snippet).encode("utf-8")).hexdigest()
    parts = [provider, model, prompt_version, rule_id, purpose, snippet_hash]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, root: Path | None = None):
        self.root = (root or cache_root()) / "answers"

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("unreadable cache entry %s ignored", path.name)
            return None
        if not isinstance(entry, dict) or not isinstance(entry.get("answer"), str):
            return None
        return entry

    def put(
        self, key: str, *, sent: str, answer: str, model: str, rule_id: str, purpose: str, extra: dict | None = None
    ) -> None:
        """`sent` must be the redacted user turn: it is what left the machine, nothing more."""
        entry = {
            "key": key,
            "model": model,
            "rule": rule_id,
            "purpose": purpose,
            "sent": sent,
            "answer": answer,
            "created": int(time.time()),
            **(extra or {}),
        }
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole then renamed, so a reader never sees half an entry.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out)
            os.replace(temporary, path)
        except OSError as error:
            log.warning("could not write the answer cache: %s", error.strerror or type(error).__name__)
