"""Suppression comments.

    x = f"..."  # backlint: ignore[BL101] -- ids come from a fixed list
    # backlint: ignore[BL101, BL303] -- reason            (applies to the next line)
    # backlint: ignore-file[BL303] -- this is a fixture     (applies to the whole file)

Without `[...]` an ignore covers every rule. The reason after `--` is kept for reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def apply(findings: list[Finding], lines: LineIndex) -> list[Directive]:
    """Mark findings covered by a directive as suppressed (they stay, for --show-suppressed).
    Returns the directives that suppressed nothing."""
    directives = parse_directives(lines)
    if not directives:
        return []
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


def comment_for(rule_id: str, line_comment: str, *, whole_file: bool = False, reason: str = "") -> str:
    """The directive text code actions insert."""
    kind = "ignore-file" if whole_file else "ignore"
    tail = f" -- {reason}" if reason else ""
    return f"{line_comment} backlint: {kind}[{rule_id}]{tail}"
