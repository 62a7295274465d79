"""Re-analysing a document after small edits without redoing the whole file.

An editor sends edits as ranges. Each one is applied to the previous tree (`Tree.edit`), the text is
re-parsed with that tree as a hint, and the rules are re-run only over the region that changed,
widened to whole statements so that a match is never seen half. Findings elsewhere are kept, moved
by the edits in between. Cross-statement facts that a check derives from the whole file can go
stale this way, so callers run a full `engine.analyze` at moments that matter (open, save, settings).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from dataclasses import dataclass

import tree_sitter

from . import engine, languages
from .checks import FileContext
from .config import Settings
from .model import Finding, Point, Related, Span
from .positions import LineIndex
from .source import SourceText

log = logging.getLogger(__name__)

# Only top-level statements a language's spec calls self-contained (functions, classes) are re-run
# alone: anything else at the top (imports, module constants, client objects) feeds facts that checks
# derive from the whole file, so an edit there re-runs every rule.
# Past this many bytes between the last clean text and the current one, re-analysis stops going back
# to the clean one (its re-parse and re-run region would grow with everything typed since).
CLEAN_RESTART_LIMIT = 16 * 1024

# A statement larger than this is not re-run as a whole; its smaller enclosing parts are
# (a Java class is one top-level node; its methods are the useful unit).
UNIT_LIMIT_BYTES = 64 * 1024


@dataclass(frozen=True)
class ByteEdit:
    """One replacement, in UTF-8 bytes, with tree-sitter points (row, byte column)."""

    start: int
    old_end: int
    new_end: int
    start_point: tuple[int, int]
    old_end_point: tuple[int, int]
    new_end_point: tuple[int, int]

    def map(self, offset: int) -> int:
        """Where an offset of the text before this edit is after it (inside the edit: its end)."""
        if offset < self.start:
            return offset
        if offset > self.old_end:
            return offset + self.new_end - self.old_end
        return self.new_end


def line_index(data: bytes, starts: list[int]) -> LineIndex:
    """A LineIndex from line starts already known (kept up to date edit by edit), skipping the scan."""
    return LineIndex(data, starts)


def _is_line_start(data: bytes, offset: int) -> bool:
    if offset <= 0 or offset > len(data):
        return False
    before = data[offset - 1]
    if before == 0x0A:  # \n
        return True
    # A lone \r breaks the line; \r\n breaks after the \n.
    return before == 0x0D and (offset == len(data) or data[offset] != 0x0A)


def update_line_starts(starts: list[int], data: bytes, start: int, old_end: int, new_end: int) -> list[int]:
    """Line starts of `data` (the text after replacing old[start:old_end]), from the old ones.

    Whether offset x starts a line depends on the bytes at x-1 and x only, so starts before `start`
    and after `old_end + 1` (shifted) are unchanged; only the window in between is rescanned.
    """
    delta = new_end - old_end
    keep_before = bisect_left(starts, start)  # starts < start
    head = starts[:keep_before]
    if not head:
        head = [0]
    window_end = min(old_end + 1 + delta, len(data))
    middle = []
    index = max(start, 1) - 1  # a break character at index starts a line at index + 1
    find = data.find
    while True:
        hits = [h for h in (find(b"\n", index, window_end), find(b"\r", index, window_end)) if h >= 0]
        if not hits:
            break
        hit = min(hits)
        if _is_line_start(data, hit + 1):
            middle.append(hit + 1)
        index = hit + 1
    tail_from = bisect_left(starts, old_end + 2)
    tail = [s + delta for s in starts[tail_from:]]
    return head + middle + tail


def net_span(old: bytes, new: bytes, *, whole_characters: bool = False) -> tuple[int, int, int]:
    """The single replacement that turns `old` into `new` (their common prefix and suffix kept), as
    (start, old_end, new_end): old[start:old_end] becomes new[start:new_end].

    With `whole_characters` the span is widened so that it never splits a UTF-8 character, for an
    edit sent as text (a tree edit is in bytes and needs no such care).
    """
    limit = min(len(old), len(new))
    prefix = _common_prefix(old, new, limit)
    suffix = _common_prefix(old[::-1], new[::-1], limit - prefix) if limit > prefix else 0
    if whole_characters:
        while prefix > 0 and (old[prefix : prefix + 1] or b"\x00")[0] & 0xC0 == 0x80:
            prefix -= 1
        while suffix > 0 and (old[len(old) - suffix : len(old) - suffix + 1] or b"\x00")[0] & 0xC0 == 0x80:
            suffix -= 1
    return prefix, len(old) - suffix, len(new) - suffix


def net_edit(old: bytes, new: bytes) -> ByteEdit:
    """The single replacement that turns `old` into `new`, as a tree edit (see `net_span`)."""
    start, old_end, new_end = net_span(old, new)
    return ByteEdit(
        start, old_end, new_end, _tree_point(old, start), _tree_point(old, old_end), _tree_point(new, new_end)
    )


def _common_prefix(a: bytes, b: bytes, limit: int) -> int:
    low, step = 0, 4096
    while low < limit and a[low : low + step] == b[low : low + step]:
        low += step  # whole blocks first (a C comparison each), then the byte in the differing one
    low = min(low, limit)
    high = min(low + step, limit)
    while low < high and a[low] == b[low]:
        low += 1
    return low


def _tree_point(data: bytes, offset: int) -> tuple[int, int]:
    """tree-sitter's (row, byte column): rows are counted by \n alone."""
    return data.count(b"\n", 0, offset), offset - (data.rfind(b"\n", 0, offset) + 1)


def dirty_hull(edits: list[ByteEdit]) -> tuple[int, int] | None:
    """The smallest range of the final text that covers every edit."""
    hull: tuple[int, int] | None = None
    for edit in edits:
        if hull is None:
            hull = (edit.start, edit.new_end)
            continue
        low, high = hull
        hull = (min(edit.map(low), edit.start), max(edit.map(high), edit.new_end))
    return hull


def _unit_start(root: tree_sitter.Node, offset: int) -> int:
    node = _unit(root, offset)
    return offset if node is None else min(offset, node.start_byte)


def _unit_end(root: tree_sitter.Node, offset: int) -> int:
    node = _unit(root, offset)
    return offset if node is None else max(offset, node.end_byte)


def _unit(root: tree_sitter.Node, offset: int) -> tree_sitter.Node | None:
    """The largest ancestor (below the root, within the size limit) of the node at `offset`."""
    node = root.descendant_for_byte_range(offset, offset)
    best = None
    while node is not None and node.parent is not None:
        if node.end_byte - node.start_byte > UNIT_LIMIT_BYTES:
            break
        best = node
        node = node.parent
    return best


def _self_contained(root: tree_sitter.Node, language: str, low: int, high: int) -> bool:
    """Whether every top-level statement the region touches is a definition (the language spec's
    `self_contained` node types)."""
    spec = languages.LANGUAGES.get(language)
    allowed = spec.self_contained if spec is not None else frozenset()
    for node in root.children:  # first_child_for_byte can crash on a byte past the last child
        if node.end_byte < low:
            continue
        if node.start_byte > high:
            break
        kind = node.type
        if kind == "export_statement":  # export function f() {} is still just a definition
            declaration = node.child_by_field_name("declaration")
            kind = declaration.type if declaration is not None else kind
        if kind not in allowed:
            return False
    return True


def _touches(span: Span | None, low: int, high: int) -> bool:
    return span is not None and span.start_byte <= high and span.end_byte >= low


def _moved_span(span: Span, edits: list[ByteEdit], lines: LineIndex) -> Span:
    """The span after the edits. Points on lines below an edit only change line number, so only
    a point on an edited line is recomputed (decoding its line)."""
    start, end = span.start_byte, span.end_byte
    start_point: Point | None = span.start
    end_point: Point | None = span.end
    for edit in edits:
        start, start_point = _moved_offset(start, start_point, edit)
        end, end_point = _moved_offset(end, end_point, edit)
    end = max(start, end)
    return Span(
        start,
        end,
        start_point if start_point is not None else lines.point(start),
        end_point if end_point is not None else lines.point(end),
    )


def _moved_offset(offset: int, point: Point | None, edit: ByteEdit) -> tuple[int, Point | None]:
    if offset < edit.start:
        return offset, point
    moved = edit.map(offset)
    if point is not None and point.line > edit.old_end_point[0]:
        return moved, Point(point.line + edit.new_end_point[0] - edit.old_end_point[0], point.column)
    return moved, None


def _clone(finding: Finding) -> Finding:
    """A copy for the new analysis (the previous one keeps its own); fingerprint and suppression
    are recomputed by engine.finish, since the comment or the text around may have changed (the
    hash of its lines is kept unless they are re-analysed: see reanalyze)."""
    clone = object.__new__(Finding)
    clone.__dict__.update(finding.__dict__)
    clone.suppression = None
    clone.fingerprint = ""
    return clone


def _last_byte(finding: Finding) -> int:
    last = finding.span.end_byte
    if finding.context is not None:
        last = max(last, finding.context.end_byte)
    for related in finding.related:
        last = max(last, related.span.end_byte)
    return last


def _moved(finding: Finding, edits: list[ByteEdit], lines: LineIndex, first_edit: int) -> Finding:
    moved = _clone(finding)
    if _last_byte(finding) < first_edit:
        return moved  # wholly before every edit: nothing moves
    moved.span = _moved_span(finding.span, edits, lines)
    if finding.context is not None:
        moved.context = _moved_span(finding.context, edits, lines)
    moved.related = [Related(_moved_span(r.span, edits, lines), r.message) for r in finding.related]
    return moved


def reanalyze(
    previous: engine.Analysis,
    edits: list[ByteEdit],
    source: SourceText,
    settings: Settings,
    starts: list[int] | None = None,
) -> engine.Analysis:
    """The analysis of `source`, which is `previous`'s text with `edits` applied in order.

    When `previous` has syntax errors, the work starts from the latest analysis without any and the
    one edit from its text to this one. tree-sitter re-parses everything after a repaired error
    (27 ms mid-way through 10,000 lines of Python, 77 ms near the top, against ~10 ms for the same
    edit from a clean tree), and the findings of a clean tree are exact, where error recovery can
    leave findings far from the edit stale.
    """
    clean = previous.last_clean
    if clean is not None and clean is not previous and clean.source is not None:
        since_clean = net_edit(clean.source.data, source.data)
        # Typed on far beyond the clean text, its re-parse and re-run region would only grow:
        # go on from the broken one (and forget the clean one).
        if max(since_clean.old_end, since_clean.new_end) - since_clean.start <= CLEAN_RESTART_LIMIT:
            previous, edits = clean, [since_clean]
    analysis = _reanalyze(previous, edits, source, settings, starts)
    if analysis.tree is not None and analysis.tree.root_node.has_error and previous.last_clean is previous:
        analysis.clean_ancestor = previous
    return analysis


def _reanalyze(
    previous: engine.Analysis,
    edits: list[ByteEdit],
    source: SourceText,
    settings: Settings,
    starts: list[int] | None,
) -> engine.Analysis:
    lines = line_index(source.data, starts) if starts is not None else LineIndex(source.data)
    hull = dirty_hull(edits)
    if previous.tree is None or previous.source is None or hull is None:
        tree = engine.parse(previous.language, source.data)
        return engine.analyze(
            source, path=previous.path, language=previous.language, settings=settings, tree=tree, role=previous.role
        )

    old_tree = previous.tree.copy()  # the previous analysis keeps an unedited tree for its fixes
    for edit in edits:
        old_tree.edit(
            start_byte=edit.start,
            old_end_byte=edit.old_end,
            new_end_byte=edit.new_end,
            start_point=edit.start_point,
            old_end_point=edit.old_end_point,
            new_end_point=edit.new_end_point,
        )
    tree = engine.parse(previous.language, source.data, old_tree)
    low, high = hull
    for changed in tree.changed_ranges(old_tree):
        low, high = min(low, changed.start_byte), max(high, changed.end_byte)
    high = min(high, len(source.data))
    root = tree.root_node
    # Units of the old tree too: an edit can end a block early (a Python line dedented), and what
    # the old unit held must be looked at again even where it now parses as separate statements.
    old_root = old_tree.root_node
    low = min(_unit_start(root, low), _unit_start(old_root, low))
    high = min(max(_unit_end(root, high), _unit_end(old_root, high)), len(source.data))

    # The role is decided on full analyses (open, save): a keystroke does not move a file out of tests.
    analysis = engine.Analysis(
        path=previous.path, language=previous.language, source=source, tree=tree, lines=lines, role=previous.role
    )
    file = FileContext(
        path=previous.path,
        language=previous.language,
        data=source.data,
        tree=tree,
        lines=lines,
        role=previous.role.role,
        role_reason=previous.role.reason,
    )

    def everything() -> engine.Analysis:
        findings = engine.run_rules(file, settings, notes=analysis.notes)
        engine.finish(findings, source.data, lines)
        analysis.findings = findings
        return analysis

    if not _self_contained(root, previous.language, low, high):
        return everything()

    first_edit = min(edit.start for edit in edits)
    moved = [_moved(f, edits, lines, first_edit) for f in previous.findings]
    # A finding whose context or related place lies in the region is redone too: widen to its unit.
    for _ in range(3):
        widened = False
        for finding in moved:
            if _touches(finding.span, low, high):
                continue
            if _touches(finding.context, low, high) or any(_touches(r.span, low, high) for r in finding.related):
                new_low = min(low, _unit_start(root, finding.span.start_byte))
                new_high = max(high, _unit_end(root, finding.span.end_byte))
                if (new_low, new_high) != (low, high):
                    low, high, widened = new_low, new_high, True
        if not widened:
            break

    kept = [
        f
        for f in moved
        if not _touches(f.span, low, high)
        and not _touches(f.context, low, high)
        and not any(_touches(r.span, low, high) for r in f.related)
    ]
    # A kept finding keeps its fingerprint hash unless one of the lines it hashes is in the region.
    low_line, high_line = lines.line_of(low), lines.line_of(high)
    for finding in kept:
        first = finding.span.start.line
        if first <= high_line and min(finding.span.end.line, first + 20) >= low_line:
            finding.fingerprint_hash = ""
    old_data = previous.source.data
    for before, after in zip(previous.findings, moved, strict=True):
        outside = before.span.end_byte < low or before.span.start_byte > high
        # A kept finding must sit on the very same text, or the bookkeeping went wrong somewhere.
        if (
            outside
            and not _touches(after.span, low, high)
            and (
                after.span.end_byte > len(source.data)
                or old_data[before.span.start_byte : before.span.end_byte]
                != source.data[after.span.start_byte : after.span.end_byte]
            )
        ):
            log.warning("incremental bookkeeping disagrees with the text; analysing the whole file")
            return everything()
    fresh = engine.run_rules(file, settings, byte_range=(low, high), notes=analysis.notes)
    seen = {(f.rule_id, f.span.start_byte, f.span.end_byte) for f in fresh}
    findings = fresh + [f for f in kept if (f.rule_id, f.span.start_byte, f.span.end_byte) not in seen]
    engine.finish(findings, source.data, lines)
    analysis.findings = findings
    return analysis
