"""Computing a fix and proving it safe before anyone is offered it."""

from __future__ import annotations

import logging

import tree_sitter

from .. import engine
from ..config import Settings
from ..model import Finding
from ..source import from_text
from .base import FIXERS, Edit, Fix, FixRequest, apply_edits

log = logging.getLogger(__name__)


def _load_fixers() -> None:
    # Importing registers them; kept lazy so `core.fixes` is cheap to import.
    from . import errors, secrets, sql  # noqa: F401


def error_count(tree: tree_sitter.Tree) -> int:
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


def verify(
    analysis: engine.Analysis, finding: Finding, edits: list[Edit], settings: Settings | None = None
) -> str | None:
    """None when the edited text is safe to offer; otherwise the reason it is not."""
    if analysis.source is None or analysis.tree is None:
        return "there is no text to edit"
    new_data = apply_edits(analysis.source.data, edits)
    try:
        new_text = new_data.decode("utf-8")
    except UnicodeDecodeError:
        return "the edit produced invalid UTF-8"
    after = engine.analyze(from_text(new_text), path=analysis.path, language=analysis.language, settings=settings)
    if after.tree is None or error_count(after.tree) > error_count(analysis.tree):
        return "the edited code does not parse"
    if _code_tokens(analysis.tree, analysis.source.data) == _code_tokens(after.tree, new_data):
        # A reason written in an empty handler is taken as a decision (BL201): from a fix, it only
        # hides the finding. The code itself has to change.
        return "the edit changes only comments"
    ordered = sorted(edits, key=lambda e: e.start_byte)
    # Where the finding was: its own span, widened by the edits that rewrite it (an import added
    # at the top is elsewhere, so other findings of the same rule in between do not count).
    own = [e for e in ordered if e.start_byte <= finding.span.end_byte and e.end_byte >= finding.span.start_byte]
    region = (
        min([finding.span.start_byte] + [e.start_byte for e in own]),
        max([finding.span.end_byte] + [e.end_byte for e in own]),
    )
    before = [f for f in analysis.active() if f.fingerprint != finding.fingerprint]
    before_keys = {(f.rule_id, f.span.start_byte, f.span.end_byte) for f in before}
    for new in after.active():
        start, end = _map_back(new.span.start_byte, ordered), _map_back(new.span.end_byte, ordered)
        if new.rule_id == finding.rule_id and start <= region[1] and end >= region[0]:
            return "the finding is still there after the edit"
        if (new.rule_id, start, end) in before_keys:
            continue
        # A finding that overlaps an edit moved with it when the same rule was there before.
        touched = [e for e in ordered if start <= e.end_byte and end >= e.start_byte]
        if touched and any(
            f.rule_id == new.rule_id and f.span.start_byte <= t.end_byte and f.span.end_byte >= t.start_byte
            for f in before
            for t in touched
        ):
            continue
        return f"the edit introduces a new finding ({new.rule_id})"
    return None


def _code_tokens(tree: tree_sitter.Tree, data: bytes) -> list[bytes]:
    """The text of every leaf that is not a comment, in order."""
    tokens = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if "comment" in node.type:
            continue
        if node.child_count == 0:
            tokens.append(data[node.start_byte : node.end_byte])
        else:
            stack.extend(reversed(node.children))
    return tokens


def _map_back(offset: int, ordered: list[Edit]) -> int:
    """An offset in the edited text, mapped to the original; inside replaced text, the edit's start."""
    shift = 0
    for edit in ordered:
        new_start = edit.start_byte + shift
        new_end = new_start + len(edit.new_text.encode("utf-8"))
        if offset < new_start:
            return offset - shift
        if offset <= new_end:
            return edit.start_byte if offset < new_end else edit.end_byte
        shift += (new_end - new_start) - (edit.end_byte - edit.start_byte)
    return offset - shift


def compute_fix(analysis: engine.Analysis, finding: Finding, settings: Settings | None = None) -> Fix | None:
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
