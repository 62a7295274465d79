"""Baseline: the findings a project already had, recorded so that only new ones are reported.

An entry is (rule, path relative to the settings root, the finding's content hash) with a count, so
two identical findings in a file are two. The hash (`Finding.fingerprint_hash`, core/engine.py) is
made from the rule and the text of the finding's lines, so it survives lines inserted above and a
function moved within the file; editing the flagged lines makes the finding new. The file is JSON,
versioned, sorted and stable, so rewriting it for an unchanged tree changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Finding

VERSION = 1
Key = tuple[str, str, str]  # rule id, relative path, content hash


class BaselineError(ValueError):
    """The baseline file is missing or not a baseline. The message names the file."""


@dataclass(frozen=True)
class Baseline:
    counts: dict[Key, int]

    def __len__(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Filtered:
    findings: list[Finding]  # the new findings, and the suppressed ones (never baselined)
    baselined: int  # findings hidden because the baseline has them
    stale: int  # baseline entries (counting each of a count) that matched nothing


def _key(finding: Finding, relative: Callable[[str], str]) -> Key:
    return (finding.rule_id, relative(finding.path), finding.fingerprint_hash)


def from_findings(findings: Iterable[Finding], relative: Callable[[str], str]) -> Baseline:
    """Every finding that is not suppressed by a comment."""
    return Baseline(dict(Counter(_key(f, relative) for f in findings if not f.suppressed)))


def dumps(baseline: Baseline) -> str:
    entries = [
        {"rule": rule, "path": path, "fingerprint": digest, "count": count}
        for (rule, path, digest), count in sorted(baseline.counts.items(), key=lambda item: (item[0][1], *item[0]))
    ]
    return json.dumps({"version": VERSION, "tool": "backlint", "findings": entries}, indent=2) + "\n"


def write(path: Path, baseline: Baseline) -> None:
    try:
        path.write_text(dumps(baseline), encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{path}: cannot write: {error.strerror or error}") from None


def loads(text: str, origin: str) -> Baseline:
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{origin}: not a backlint baseline: invalid JSON: {error}") from None
    if not isinstance(document, dict) or "findings" not in document:
        raise BaselineError(f"{origin}: not a backlint baseline (no `findings` list)")
    if document.get("version") != VERSION:
        raise BaselineError(
            f"{origin}: baseline version {document.get('version')!r} is not {VERSION}; "
            "write it again with --write-baseline"
        )
    entries = document["findings"]
    if not isinstance(entries, list):
        raise BaselineError(f"{origin}: `findings` must be a list")
    counts: Counter[Key] = Counter()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise BaselineError(f"{origin}: findings[{index}] must be an object")
        fields = [entry.get(name) for name in ("rule", "path", "fingerprint")]
        count = entry.get("count", 1)
        if not all(isinstance(value, str) and value for value in fields):
            raise BaselineError(f"{origin}: findings[{index}] needs `rule`, `path` and `fingerprint` strings")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"{origin}: findings[{index}].count must be a positive whole number, got {count!r}")
        rule, relative_path, digest = (str(value) for value in fields)
        counts[(rule, relative_path, digest)] += count
    return Baseline(dict(counts))


def load(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise BaselineError(f"{path}: cannot read the baseline: {reason}") from None
    return loads(text, str(path))


def apply(baseline: Baseline, findings: Iterable[Finding], relative: Callable[[str], str]) -> Filtered:
    """Drop the findings the baseline has, each entry's count used up once per finding, in order."""
    left = Counter(baseline.counts)
    kept: list[Finding] = []
    baselined = 0
    for finding in findings:
        if not finding.suppressed:
            key = _key(finding, relative)
            if left[key] > 0:
                left[key] -= 1
                baselined += 1
                continue
        kept.append(finding)
    return Filtered(kept, baselined, sum(left.values()))
