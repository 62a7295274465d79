"""Results kept between runs: a file whose bytes, settings and backlint are unchanged is not analysed
again.

One JSON file per (backlint build, effective settings) under `.backlint_cache/<version>/` at the
project root, with its own `.gitignore` so it is never committed; the user's cache folder when the
project cannot be written to, `BACKLINT_CACHE_DIR` to choose another. Each entry holds the file's
digest, the cross-file facts its analysis read (core/facts.py: re-asked before the entry is trusted)
and its findings and notes as JSON. Not pickle: a cache folder can come with a cloned repository,
and reading it must never run code. Nothing a finding carries is a secret in the clear (secret
findings hold masked values and byte ranges only).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import facts
from .config import Settings
from .model import Confidence, Finding, Note, Point, Related, Severity, Span, Suppression

log = logging.getLogger(__name__)

FOLDER_NAME = ".backlint_cache"
ENV_FOLDER = "BACKLINT_CACHE_DIR"
FORMAT = 1
# Settings files per version folder: switching between a few configurations keeps each warm.
KEEP_FILES = 8
MAX_SUMMARIES = 20_000


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _build_stamp() -> str:
    """What the analysis is made of: backlint's code and queries, tree-sitter and the grammars. Sizes
    and modification times (not contents): a few hundred stat calls, under a millisecond or two."""
    import importlib.util  # ~1 ms, but only a scan needs it: not on the editor's start-up path

    from . import languages
    from .querypaths import queries_root

    package = Path(__file__).resolve().parents[1]
    folders = [package, queries_root()]
    for module in ["tree_sitter", *sorted({spec.module for spec in languages.LANGUAGES.values()})]:
        found = importlib.util.find_spec(module)
        if found is not None and found.origin:
            folders.append(Path(found.origin).parent)
    parts = [str(FORMAT), _version()]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".scm", ".toml", ".so", ".pyd", ".dylib") and "__pycache__" not in path.parts:
                with contextlib.suppress(OSError):
                    info = path.stat()
                    parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("backlint")
    except PackageNotFoundError:
        return "0+unknown"


def default_folder(root: Path) -> Path:
    """`.backlint_cache` in `root`, or the user's cache folder when `root` cannot be written to."""
    chosen = os.environ.get(ENV_FOLDER)
    if chosen:
        return Path(chosen)
    if os.access(root, os.W_OK):
        return root / FOLDER_NAME
    from platformdirs import user_cache_dir

    base = Path(user_cache_dir("backlint", appauthor=False))
    return base / hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()


@dataclass
class Entry:
    language: str
    digest: str
    facts: list[facts.Fact]
    findings: list[Finding]
    notes: list[Note]


@dataclass
class ResultCache:
    file: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # absolute path -> entry as JSON
    # What other files' analyses read of a file (its SQL helpers), by language and content digest.
    summaries: dict[str, Any] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path, settings: Settings) -> ResultCache:
        key = hashlib.blake2b(f"{_build_stamp()}\n{settings!r}".encode(), digest_size=12).hexdigest()
        cache = cls(folder / _version() / f"{key}.json")
        try:
            document = json.loads(cache.file.read_text(encoding="utf-8"))
            if isinstance(document, dict) and document.get("format") == FORMAT:
                entries = document.get("entries")
                if isinstance(entries, dict):
                    cache.entries = entries
                summaries = document.get("summaries")
                if isinstance(summaries, dict):
                    cache.summaries = summaries
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as error:
            log.warning("ignoring an unreadable cache %s: %s", cache.file, error)
        return cache

    def lookup(self, path: Path, display: str, data: bytes) -> tuple[str, list[Finding], list[Note]] | None:
        """The language, findings and notes cached for this file's bytes, if still valid; else None."""
        entry = self.entries.get(str(path.absolute()))
        if not isinstance(entry, dict) or entry.get("digest") != digest(data):
            return None
        try:
            if not facts.still_true([(k, list(a), v) for k, a, v in entry["facts"]]):
                return None
            findings = [_finding_from_json(item, display) for item in entry["findings"]]
            notes = [Note(display, n["message"], n["kind"], n.get("offset")) for n in entry["notes"]]
        except (KeyError, TypeError, ValueError):  # written by something else: analyse again
            return None
        return str(entry["language"]), findings, notes

    def store(self, path: Path, entry: Entry) -> None:
        self.entries[str(path.absolute())] = {
            "language": entry.language,
            "digest": entry.digest,
            "facts": entry.facts,
            "findings": [_finding_to_json(f) for f in entry.findings],
            "notes": [{"message": n.message, "kind": n.kind, "offset": n.offset} for n in entry.notes],
        }
        self.changed = True

    def keep_summaries(self, computed: dict[str, Any]) -> None:
        if computed:
            self.summaries.update(computed)
            if len(self.summaries) > MAX_SUMMARIES:  # the oldest go first
                self.summaries = dict(list(self.summaries.items())[-MAX_SUMMARIES:])
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically; entries of files that are gone are dropped. A cache that cannot
        be written is a warning, never a failed scan."""
        if not self.changed:
            return
        import tempfile  # only when writing: the editor imports this module on its start-up path

        self.entries = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        folder = self.file.parent
        try:
            _prepare(folder.parent)
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                document = {"format": FORMAT, "entries": self.entries, "summaries": self.summaries}
                json.dump(document, stream, separators=(",", ":"))
            os.replace(temporary, self.file)
            _prune(folder, keep=self.file)
        except OSError as error:
            log.warning("cannot write the cache %s: %s", self.file, error.strerror or error)
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
        self.changed = False


def _prepare(folder: Path) -> None:
    """The cache folder, marked so that git and backup tools leave it alone."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by backlint automatically.\n*\n", encoding="utf-8")
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by backlint.\n",
            encoding="utf-8",
        )


def _prune(folder: Path, keep: Path) -> None:
    others = sorted((p for p in folder.glob("*.json") if p != keep), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in others[KEEP_FILES - 1 :]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _span_to_json(span: Span) -> list[int]:
    return [span.start_byte, span.end_byte, span.start.line, span.start.column, span.end.line, span.end.column]


def _span_from_json(value: list[int]) -> Span:
    a, b, c, d, e, f = (int(v) for v in value)
    return Span(a, b, Point(c, d), Point(e, f))


def _finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "category": finding.category,
        "severity": int(finding.severity),
        "confidence": int(finding.confidence),
        "span": _span_to_json(finding.span),
        "message": finding.message,
        "language": finding.language,
        "context": _span_to_json(finding.context) if finding.context else None,
        "related": [[_span_to_json(r.span), r.message, r.path] for r in finding.related],
        "fix": finding.fix,
        "fix_data": finding.fix_data,
        "fingerprint": finding.fingerprint,
        "fingerprint_hash": finding.fingerprint_hash,
        "suppression": [finding.suppression.kind, finding.suppression.reason] if finding.suppression else None,
        "role": finding.role,
        "role_reason": finding.role_reason,
    }


def _finding_from_json(data: dict[str, Any], display: str) -> Finding:
    return Finding(
        rule_id=str(data["rule_id"]),
        rule_name=str(data["rule_name"]),
        category=str(data["category"]),
        severity=Severity(data["severity"]),
        confidence=Confidence(data["confidence"]),
        span=_span_from_json(data["span"]),
        message=str(data["message"]),
        path=display,
        language=str(data["language"]),
        context=_span_from_json(data["context"]) if data["context"] else None,
        related=[
            Related(_span_from_json(span), str(message), str(path) if path else None)
            for span, message, path in data["related"]
        ],
        fix=data["fix"],
        fix_data=dict(data["fix_data"]),
        fingerprint=str(data["fingerprint"]),
        fingerprint_hash=str(data["fingerprint_hash"]),
        suppression=Suppression(*data["suppression"]) if data["suppression"] else None,
        role=str(data["role"]),
        role_reason=str(data["role_reason"]),
    )
