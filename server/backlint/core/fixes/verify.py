"""Computing a fix and proving it safe before anyone is offered it."""

from __future__ import annotations

import logging

from .. import engine
from ..source import from_text
from . import FIXERS, Edit, Fix, FixRequest, apply_edits

log = logging.getLogger(__name__)


def _load_fixers() -> None:
    # Importing registers them; kept lazy so `core.fixes` is cheap to import.
    from . import errors, secrets, sql  # noqa: F401


def error_count(tree) -> int:
    """ERROR and MISSING nodes, counted with an explicit stack (deep trees must not recurse)."""
    count = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
        if node.has_error:
            stack.extend(node.children)
    return count


def verify(analysis, finding, edits: list[Edit], settings=None) -> str | None:
    """None when the edited text is safe to offer; otherwise the reason it is not."""
    new_data = apply_edits(analysis.source.data, edits)
    try:
        new_text = new_data.decode("utf-8")
    except UnicodeDecodeError:
        return "the edit produced invalid UTF-8"
    after = engine.analyze(from_text(new_text), path=analysis.path, language=analysis.language, settings=settings)
    if error_count(after.tree) > error_count(analysis.tree):
        return "the edited code does not parse"
    before_keys = _keys(analysis, exclude=finding)
    after_keys = _keys(after)
    if any(f.rule_id == finding.rule_id and _same_place(f, finding, edits) for f in after.active()):
        return "the finding is still there after the edit"
    new = after_keys - before_keys
    if new:
        return f"the edit introduces a new finding ({sorted(new)[0][0]})"
    return None


def _keys(analysis, exclude=None) -> set[tuple[str, str]]:
    # Compare findings by rule and normalised text, which survive the offsets moving.
    out = set()
    for f in analysis.active():
        if exclude is not None and f.fingerprint == exclude.fingerprint:
            continue
        text = analysis.source.data[f.span.start_byte : f.span.end_byte]
        out.add((f.rule_id, " ".join(text.decode("utf-8", "replace").split())))
    return out


def _same_place(after_finding, finding, edits: list[Edit]) -> bool:
    start = min([finding.span.start_byte] + [e.start_byte for e in edits])
    growth = sum(len(e.new_text.encode("utf-8")) - (e.end_byte - e.start_byte) for e in edits)
    end = max([finding.span.end_byte] + [e.end_byte for e in edits]) + max(growth, 0)
    return start <= after_finding.span.start_byte <= end


def compute_fix(analysis, finding, settings=None) -> Fix | None:
    """The verified deterministic fix for a finding, or None when no safe one exists."""
    if not finding.fix:
        return None
    _load_fixers()
    fixer = FIXERS.get(finding.fix)
    if fixer is None:
        return None
    try:
        fix = fixer(FixRequest(finding=finding, analysis=analysis))
    except Exception:
        if engine.strict_mode():
            raise
        log.exception("fixer %s failed", finding.fix)
        return None
    if fix is None or not fix.edits:
        return None
    reason = verify(analysis, finding, fix.edits, settings)
    if reason is not None:
        log.info("fix %s for %s not offered: %s", finding.fix, finding.rule_id, reason)
        return None
    return fix
