"""Suppression comments.

    x = f"..."  # backlint: ignore[BL101] -- ids come from a fixed list
    # backlint: ignore[BL101, BL303] -- reason            (applies to the next line)
    # backlint: ignore-file[BL303] -- this is a fixture     (applies to the whole file)

Without `[...]` an ignore covers every rule. The reason after `--` is kept for reports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import peer_ignores
from .model import Finding, Suppression
from .positions import LineIndex

_DIRECTIVE = re.compile(
    r"(?:#|//|/\*|--)\s*backlint:\s*(?P<kind>ignore-file|ignore)\b"
    r"(?:\[(?P<ids>[^\]]*)\])?"
    r"(?:\s*(?:--|:)\s*(?P<reason>.*?))?\s*(?:\*/)?\s*$"
)
_MARKER = b"backlint:"


@dataclass(frozen=True)
class Directive:
    line: int
    kind: str  # "ignore" | "ignore-file"
    rule_ids: frozenset[str]  # empty: every rule
    reason: str | None
    own_line: bool  # the comment is alone on its line, so it covers the next line

    def covers(self, rule_id: str) -> bool:
        return not self.rule_ids or any(rule_id.startswith(r) for r in self.rule_ids)


def parse_directives(lines: LineIndex) -> list[Directive]:
    if _MARKER not in lines.data:
        return []
    directives = []
    for number in range(lines.line_count):
        raw = lines.line_bytes(number)
        if _MARKER not in raw:
            continue
        text = raw.decode("utf-8", "replace")
        match = _DIRECTIVE.search(text)
        if not match:
            continue
        ids = frozenset(i.strip().upper() for i in (match.group("ids") or "").split(",") if i.strip())
        reason = (match.group("reason") or "").strip() or None
        own_line = not text[: match.start()].strip()
        directives.append(Directive(number, match.group("kind"), ids, reason, own_line))
    return directives


def apply(
    findings: list[Finding], lines: LineIndex, honoured: Mapping[str, frozenset[str]] | None = None
) -> list[Directive]:
    """Mark findings covered by a directive as suppressed (they stay, for --show-suppressed).
    `honoured`: by rule id, the other tools' directives that count (core/peer_ignores.py).
    Returns the backlint directives that suppressed nothing."""
    directives = parse_directives(lines)
    unused = _apply_own(findings, directives) if directives else []
    if honoured:
        _apply_peers(findings, lines, honoured)
    return unused


def _apply_own(findings: list[Finding], directives: list[Directive]) -> list[Directive]:
    used: set[Directive] = set()
    file_wide = [d for d in directives if d.kind == "ignore-file"]
    by_line: dict[int, list[Directive]] = {}
    for directive in directives:
        if directive.kind != "ignore":
            continue
        by_line.setdefault(directive.line, []).append(directive)
        if directive.own_line:
            by_line.setdefault(directive.line + 1, []).append(directive)
    for finding in findings:
        if finding.suppression is not None:
            continue
        for directive in file_wide + by_line.get(finding.span.start.line, []):
            if directive.covers(finding.rule_id):
                finding.suppression = Suppression(
                    "file" if directive.kind == "ignore-file" else "line", directive.reason
                )
                used.add(directive)
                break
    return [d for d in directives if d not in used]


# A finding spanning many lines is matched on its first few: a directive far inside a long call is
# about something else.
_PEER_LINES = 5


def _apply_peers(findings: list[Finding], lines: LineIndex, honoured: Mapping[str, frozenset[str]]) -> None:
    parsed: dict[int, tuple[set[str], set[str]]] = {}

    def read(number: int) -> tuple[set[str], set[str]]:
        if number not in parsed:
            empty: tuple[set[str], set[str]] = (set(), set())
            raw = lines.line_bytes(number) if 0 <= number < lines.line_count else b""
            parsed[number] = (
                peer_ignores.directives(raw.decode("utf-8", "replace")) if peer_ignores.any_directive(raw) else empty
            )
        return parsed[number]

    for finding in findings:
        tokens = honoured.get(finding.rule_id)
        if finding.suppression is not None or not tokens:
            continue
        first = finding.span.start.line
        numbers = set(range(first, min(finding.span.end.line, first + _PEER_LINES) + 1))
        # Where the SQL was built, or the secret defined: other tools report there.
        numbers.update(r.span.start.line for r in finding.related if r.path is None)
        for number in sorted(numbers):
            found = (read(number)[0] | read(number - 1)[1]) & tokens
            if found:
                finding.suppression = Suppression("line", f"`{min(found)}` on line {number + 1}")
                break


def comment_for(rule_id: str, line_comment: str, *, whole_file: bool = False, reason: str = "") -> str:
    """The directive text code actions insert."""
    kind = "ignore-file" if whole_file else "ignore"
    tail = f" -- {reason}" if reason else ""
    return f"{line_comment} backlint: {kind}[{rule_id}]{tail}"
