"""Redaction: every secret the project's own detector finds becomes a typed placeholder before any
text leaves the machine (`<SECRET:aws-access-key#1>`).

The detector is `backlint.core.secrets.find_secrets(text)`, returning hits with `start`/`end`
(offsets into `text`) and a `kind`. Without a detector nothing may be sent: DetectorUnavailable.
The original values are never stored: the same value gets the same placeholder through a hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = re.compile(r"<SECRET:([a-z0-9][a-z0-9-]*)#(\d+)>")
QUOTES = ('"', "'", "`")

Finder = Callable[[str], Iterable[Any]]


class DetectorUnavailable(Exception):
    """The secret detector cannot be loaded; the caller must not send anything."""


def load_detector() -> Finder:
    try:
        from ..core import secrets as detector_module
    except ImportError as error:
        raise DetectorUnavailable(f"backlint.core.secrets cannot be imported: {error}") from None
    finder = getattr(detector_module, "find_secrets", None)
    if not callable(finder):
        raise DetectorUnavailable("backlint.core.secrets has no find_secrets()")
    return finder


@dataclass(frozen=True)
class SecretSpan:
    start: int
    end: int
    kind: str


def _field(hit: Any, name: str, index: int) -> Any:
    if isinstance(hit, dict):
        return hit.get(name)
    if isinstance(hit, tuple) and not hasattr(hit, name):
        return hit[index] if len(hit) > index else None
    return getattr(hit, name, None)


def normalise_kind(kind: Any) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", str(kind or "secret").lower()).strip("-")
    return text or "secret"


def hits_in(text: str, finder: Finder) -> list[SecretSpan]:
    """The detector's hits as valid, non-overlapping spans (the longest wins an overlap)."""
    spans = []
    for hit in finder(text):
        start, end, kind = _field(hit, "start", 0), _field(hit, "end", 1), _field(hit, "kind", 2)
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append(SecretSpan(start, end, normalise_kind(kind)))
    return _disjoint(spans)


def _disjoint(spans: list[SecretSpan]) -> list[SecretSpan]:
    out: list[SecretSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and span.start < out[-1].end:
            if span.end > out[-1].end:
                out[-1] = SecretSpan(out[-1].start, span.end, out[-1].kind)
            continue
        out.append(span)
    return out


# A value shorter than this is not searched for elsewhere: it would match ordinary words.
_MIN_REPEAT = 8


def _repeats(text: str, found: list[SecretSpan]) -> list[SecretSpan]:
    """Every other place a detected secret's value appears: the same token assigned to a name that
    does not look secret (`api_key_name = "lk_..."`) is the same secret."""
    spans = []
    for span in found:
        value = text[span.start : span.end].strip("\"'`")
        if len(value) < _MIN_REPEAT or "\n" in value:
            continue
        start = text.find(value)
        while start != -1:
            if not span.start <= start < span.end:
                spans.append(SecretSpan(start, start + len(value), span.kind))
            start = text.find(value, start + len(value))
    return spans


@dataclass
class Redactor:
    """One per payload, so a value seen twice (code window and imports) gets one placeholder."""

    finder: Finder
    _numbers: dict[str, str] = field(default_factory=dict)  # sha256(value) -> placeholder
    _counts: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # placeholder -> kind

    def placeholder(self, value: str, kind: str) -> str:
        digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()
        existing = self._numbers.get(digest)
        if existing is not None:
            return existing
        self._counts[kind] = self._counts.get(kind, 0) + 1
        made = f"<SECRET:{kind}#{self._counts[kind]}>"
        self._numbers[digest] = made
        self.kinds[made] = kind
        return made

    def redact(self, text: str, extra: Iterable[SecretSpan] = (), *, keep_lines: bool = False) -> str:
        """`text` with every detected secret (and every `extra` span, such as a secret finding's own
        range) replaced by its placeholder. A quoted literal keeps its quotes. `keep_lines` keeps the
        line breaks a secret spanned, after its placeholder."""
        found = hits_in(text, self.finder) + [s for s in extra if 0 <= s.start < s.end <= len(text)]
        spans = _disjoint(found + _repeats(text, found))
        out: list[str] = []
        last = 0
        for span in spans:
            start, end = span.start, span.end
            value = text[start:end]
            if len(value) >= 2 and value[0] in QUOTES and value[-1] == value[0]:
                start, end = start + 1, end - 1
                value = text[start:end]
            out.append(text[last:start])
            out.append(self.placeholder(value, span.kind))
            if keep_lines:
                out.append("\n" * value.count("\n"))
            last = end
        out.append(text[last:])
        return "".join(out)

    @property
    def count(self) -> int:
        return len(self._numbers)
