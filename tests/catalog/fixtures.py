"""Reading the `ruleid:` / `ok:` annotations in rule fixtures."""

from __future__ import annotations

import re
from pathlib import Path

ANNOTATION = re.compile(r"(?:#|//|/\*)\s*(?P<kind>ruleid|ok):\s*(?P<ids>BL\d{3}(?:\s*,\s*BL\d{3})*)")


def annotations(path: Path) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(expected, ok): sets of (rule id, 1-based line) for the first code line after each annotation."""
    expected: set[tuple[str, int]] = set()
    ok: set[tuple[str, int]] = set()
    pending: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = ANNOTATION.search(line)
        if match and not line[: match.start()].strip():
            pending.extend((match.group("kind"), rule_id.strip()) for rule_id in match.group("ids").split(","))
            continue
        if not line.strip() or not pending:
            continue
        for kind, rule_id in pending:
            (expected if kind == "ruleid" else ok).add((rule_id, number))
        pending = []
    return expected, ok
