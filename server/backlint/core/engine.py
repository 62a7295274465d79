"""The pipeline: text -> tree -> query matches -> checks -> findings -> settings and suppressions.

The CLI and the language server both call `analyze`, so they can never disagree about a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter

from . import facts as facts_
from . import languages, roles, rules, suppress, syntax
from .cache import digest as cache_digest
from .checks import CHECKS, FileContext, MatchContext
from .config import Settings
from .model import Confidence, Finding, Note, Rule, Span
from .positions import LineIndex
from .source import SkipFile, SourceText, decode, from_text

log = logging.getLogger(__name__)

# Tests set this so that an exception a fence would swallow fails the test instead.
STRICT_ENV = "BACKLINT_STRICT"


def strict_mode() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0", "false")


@dataclass
class Analysis:
    path: str
    language: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    source: SourceText | None = None
    tree: tree_sitter.Tree | None = None
    lines: LineIndex | None = None
    digest: str = ""  # of the bytes read from disk (analyze_file), for the result cache
    role: roles.FileRole = roles.SERVER_CODE
    # For a tree with syntax errors: the latest earlier analysis of the same document without any
    # (incremental re-analysis starts from there again once the text is repaired).
    clean_ancestor: Analysis | None = field(default=None, repr=False)
    # What the analysis read from other files (core/facts.py): the editor re-checks a document when
    # one of them changes (a helper it calls stops running SQL).
    facts: list[facts_.Fact] = field(default_factory=list)

    @property
    def last_clean(self) -> Analysis | None:
        """This analysis if its text parsed without errors, else its clean ancestor."""
        if self.tree is not None and not self.tree.root_node.has_error:
            return self
        return self.clean_ancestor

    @property
    def failed(self) -> bool:
        return any(note.kind == "error" for note in self.notes)

    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]


def parse(language: str, data: bytes, old_tree: tree_sitter.Tree | None = None) -> tree_sitter.Tree:
    parser = languages.new_parser(language)
    return parser.parse(data, old_tree) if old_tree is not None else parser.parse(data)


_WHITESPACE = re.compile(rb"\s+")


def _fingerprint(finding: Finding, lines: LineIndex, seen: dict[str, int]) -> str:
    """Stable across line shifts: the rule, the text of the finding's lines, and its occurrence among
    identical ones. A hash, so a secret's value is never readable from it."""
    key = finding.fingerprint_hash
    if not key:
        first, last = finding.span.start.line, finding.span.end.line
        text = b"\n".join(lines.line_bytes(n) for n in range(first, min(last, first + 20) + 1))
        text = _WHITESPACE.sub(b" ", text).strip()
        key = finding.fingerprint_hash = hashlib.sha256(finding.rule_id.encode() + b"\0" + text).hexdigest()[:16]
    seen[key] += 1
    return f"{key}:{seen[key]}"


def _format_message(template: str, args: dict[str, str]) -> str:
    return template.format_map(defaultdict(str, args)).strip()


def run_rules(
    file: FileContext,
    settings: Settings,
    *,
    byte_range: tuple[int, int] | None = None,
    notes: list[Note] | None = None,
    use_gates: bool = True,
) -> list[Finding]:
    """Every enabled rule's findings in the file (or only matches that touch byte_range).

    `use_gates=False` runs the rules that have a `requires` regex over the whole range too; the
    result must be the same (the catalog tests compare both), only slower.
    """
    catalog = rules.language_rules(file.language)
    enabled: dict[tuple[str, str], bool] = {}  # by (rule id, query file): rules may share a query
    for compiled in catalog.rules:
        rule = compiled.rule
        enabled[rule.id, rule.query_path] = (
            role_cap(rule, file.role, settings) is not None
            and settings.rule_enabled(rule.id, rule.name, rule.category, by_default=rule.enabled_by_default)
            and not settings.ignored_for_path(file.path, rule.id, rule.name, rule.category)
        )
    if not any(enabled.values()):
        return []
    root = file.tree.root_node
    wide_error = widest_error(file.tree)
    if wide_error > WIDE_ERROR_LIMIT:
        # The query engine slows to minutes on a syntax error that swallows a huge run of tokens
        # (measured: 26 s per rule for 200,000); such a file is not code anyone is editing by hand.
        if notes is not None:
            notes.append(
                Note(file.path, f"not analysed: a syntax error spans {wide_error:,} tokens (too complex)", "warning")
            )
        return []
    # (query, the rules owning each of its patterns, the byte range to run it on: None for all)
    runs: list[tuple[tree_sitter.Query, tuple[tuple[Rule, ...], ...], tuple[int, int] | None]] = []
    if catalog.query is not None:
        runs.append((catalog.query, catalog.rule_of_pattern, byte_range))
    if catalog.gates:
        whole = byte_range or (0, len(file.data))
        ranges = [whole] if not use_gates else gate_ranges(catalog.gates, enabled, file.data, whole)
        if ranges:
            gated_query, gated_owners = catalog.gated()
            if gated_query is not None:
                runs.extend((gated_query, gated_owners, r) for r in ranges)
    best: dict[tuple[str, int, int], Finding] = {}
    failed: set[tuple[str, str]] = set()
    for query, owners, window in runs:
        cursor = tree_sitter.QueryCursor(query)
        if window is not None:
            cursor.set_byte_range(*window)
        for pattern, captures in cursor.matches(root):
            for rule in owners[pattern]:
                rule_key = (rule.id, rule.query_path)
                if not enabled[rule_key] or rule_key in failed:
                    continue
                try:
                    finding = _finding_from_match(rule, captures, file, settings)
                except Exception as error:  # a broken rule must not take the others down
                    if strict_mode():
                        raise
                    failed.add(rule_key)
                    log.exception("rule %s failed on %s", rule.id, file.path)
                    if notes is not None:
                        notes.append(
                            Note(file.path, f"rule {rule.id} failed: {type(error).__name__}: {error}", "error")
                        )
                    continue
                if finding is None:
                    continue
                key = (finding.rule_id, finding.span.start_byte, finding.span.end_byte)
                previous = best.get(key)
                if previous is None or finding.confidence > previous.confidence:
                    best[key] = finding
    return list(best.values())


# Hits closer than this share one query run; past MAX_GATE_RANGES runs, one run covers them all.
GATE_MERGE_GAP = 2048
MAX_GATE_RANGES = 32


def gate_ranges(
    gated: tuple[Rule, ...], enabled: dict[tuple[str, str], bool], data: bytes, window: tuple[int, int]
) -> list[tuple[int, int]]:
    """The byte ranges (within window) around the texts an enabled gated rule requires, merged."""
    low, high = window
    lowered: bytes | None = None
    hits: list[tuple[int, int]] = []
    for rule in gated:
        gate = rule.requires  # every gated rule has one
        if gate is None or not enabled.get((rule.id, rule.query_path)):
            continue
        if gate.ignore_case:
            lowered = data.lower() if lowered is None else lowered  # ASCII only: offsets stay put
            haystack = lowered
        else:
            haystack = data
        for literal in gate.literals:
            find = haystack.find
            at = find(literal, low, high)
            while at >= 0:
                hits.append((max(low, at - gate.within), min(high, at + len(literal) + gate.within)))
                at = find(literal, at + 1, high)
    if not hits:
        return []
    hits.sort()
    merged = [list(hits[0])]
    for start, end in hits[1:]:
        if start <= merged[-1][1] + GATE_MERGE_GAP:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if len(merged) > MAX_GATE_RANGES:
        return [(merged[0][0], merged[-1][1])]
    return [(start, end) for start, end in merged]


WIDE_ERROR_LIMIT = 20_000
DEEP_NESTING = 1_000
# Every opening bracket as "(", so one substring test finds a run of 200 of any mix (a regex over
# every byte of every file cost ~12 ms per MB).
_BRACKETS_AS_ONE = bytes.maketrans(b"[{", b"((")
_BRACKET_RUN = b"(" * 200


def widest_error(tree: tree_sitter.Tree) -> int:
    """The most children any ERROR node has. Only subtrees that contain errors are visited."""
    if not tree.root_node.has_error:
        return 0
    widest = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error:
            widest = max(widest, node.child_count)
        if node.child_count < WIDE_ERROR_LIMIT:
            stack.extend(child for child in node.children if child.has_error)
        else:
            widest = max(widest, node.child_count)
    return widest


def nesting_note(file: FileContext) -> Note | None:
    """A note for absurdly deep nesting; the depth walk runs only where long bracket runs exist."""
    if _BRACKET_RUN not in file.data.translate(_BRACKETS_AS_ONE):
        return None
    depth = tree_depth(file.tree)
    if depth <= DEEP_NESTING:
        return None
    return Note(file.path, f"too deeply nested ({depth:,} levels); findings inside may be incomplete", "warning")


def tree_depth(tree: tree_sitter.Tree) -> int:
    """Deepest level of the tree, walked with a cursor (no recursion: depth can be 100,000)."""
    cursor = tree.walk()
    depth = deepest = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            deepest = max(deepest, depth)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return deepest
            depth -= 1


def role_cap(rule: Rule, role: str, settings: Settings) -> Confidence | None:
    """The highest confidence the rule's findings keep in a file of this role; None: not run there."""
    cap = rule.confidence_cap(role)
    if cap is None and role == roles.TEST and settings.include_tests:
        return Confidence.LOW
    return cap


def _finding_from_match(
    rule: Rule, captures: dict[str, list[tree_sitter.Node]], file: FileContext, settings: Settings
) -> Finding | None:
    finding_nodes = captures.get("finding")
    if not finding_nodes:
        return None
    match = MatchContext(
        file=file,
        captures=captures,
        confidence=rule.confidence,
        finding=finding_nodes[0],
        context=(captures.get("context") or finding_nodes)[0],
    )
    if not all(CHECKS[name](match) for name in rule.checks):
        return None
    cap = role_cap(rule, file.role, settings)
    if cap is not None and match.confidence > cap:
        match.confidence = cap
    if match.confidence < settings.min_confidence:
        return None
    span = match.finding if isinstance(match.finding, Span) else file.span(match.finding)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        category=rule.category,
        severity=settings.severity.get(rule.id, rule.severity),
        confidence=match.confidence,
        span=span,
        message=_format_message(rule.message, match.message_args),
        path=file.path,
        language=file.language,
        context=file.span(match.context) if match.context is not None else None,
        related=match.related,
        # The parameterize fix rewrites the call the check saw the SQL reach: without it, none is offered.
        fix=None if rule.fix == "sql-parameterize" and not match.fix_data else rule.fix,
        fix_data=match.fix_data,
        role=file.role,
        role_reason=file.role_reason,
    )


def analyze(
    source: SourceText | str,
    *,
    path: str,
    language: str,
    settings: Settings | None = None,
    tree: tree_sitter.Tree | None = None,
    role: roles.FileRole | None = None,
) -> Analysis:
    """Analyse text already in memory. `tree`, when given, must be the parse of exactly this text;
    `role`, when not given, is decided from the path, the text and the project (core/roles.py)."""
    settings = settings or Settings()
    if isinstance(source, str):
        source = from_text(source)
    if role is None:
        role = roles.classify(path, source.data, language, settings)
    if tree is None:
        language, tree = syntax.best_parse(language, source.data, parse)
    analysis = Analysis(path=path, language=language, source=source, role=role)
    lines = LineIndex(source.data)
    analysis.tree, analysis.lines = tree, lines
    file = FileContext(
        path=path, language=language, data=source.data, tree=tree, lines=lines, role=role.role, role_reason=role.reason
    )
    findings = run_rules(file, settings, notes=analysis.notes)
    broken = syntax.syntax_note(path, tree, len(source.data))
    # Configuration files are often templates (Helm's `{{ }}`, Jinja) that their grammar cannot read
    # in full; the values it can read are still checked, without a note for each such file.
    if broken is not None and languages.LANGUAGES[language].code:
        analysis.notes.append(broken)
    deep = nesting_note(file)
    if deep is not None:
        analysis.notes.append(deep)
    unused = finish(findings, source.data, lines)
    analysis.findings = findings
    if settings.report_unused_ignores and unused:
        analysis.notes.extend(unused_suppression_notes(path, unused, language, role.role, settings))
    if source.replaced_invalid:
        analysis.notes.append(
            Note(path, "invalid UTF-8 replaced with U+FFFD; positions are on the decoded text", "warning")
        )
    return analysis


def finish(findings: list[Finding], data: bytes, lines: LineIndex) -> list[suppress.Directive]:
    """Sort, fingerprint and apply suppression comments, in place; the comments that suppressed nothing."""
    findings.sort(key=Finding.sort_key)
    seen: dict[str, int] = defaultdict(int)
    for finding in findings:
        finding.fingerprint = _fingerprint(finding, lines, seen)
    return suppress.apply(findings, lines, rules.honoured_directives())


def unused_suppression_notes(
    path: str, unused: list[suppress.Directive], language: str, role: str, settings: Settings
) -> list[Note]:
    """A note per suppression comment that suppressed nothing, among those naming a rule that ran
    here (a comment for a rule this run or this file's role switched off says nothing either way)."""
    ran = [
        compiled.rule.id
        for compiled in rules.language_rules(language).rules
        if role_cap(compiled.rule, role, settings) is not None
        and settings.rule_enabled(
            compiled.rule.id, compiled.rule.name, compiled.rule.category, by_default=compiled.rule.enabled_by_default
        )
    ]
    notes = []
    for directive in unused:
        if any(directive.covers(rule_id) for rule_id in ran):
            what = f"[{', '.join(sorted(directive.rule_ids))}]" if directive.rule_ids else ""
            notes.append(
                Note(
                    path,
                    f"line {directive.line + 1}: backlint: {directive.kind}{what} suppresses nothing",
                    "unused-suppression",
                )
            )
    return notes


def analyze_file(path: str | Path, settings: Settings | None = None, display_path: str | None = None) -> Analysis:
    """Read, decode and analyse one file; problems with the file become notes, never exceptions."""
    settings = settings or Settings()
    path = Path(path)
    shown = display_path or str(path)
    spec = languages.for_path(path)
    if spec is None:
        return Analysis(path=shown, language="", notes=[Note(shown, "not a language backlint reads", "skipped")])
    try:
        size = path.stat().st_size
        if size > settings.max_file_size:
            return Analysis(
                path=shown,
                language=spec.name,
                notes=[
                    Note(shown, f"file is {size:,} bytes, over the {settings.max_file_size:,}-byte limit", "skipped")
                ],
            )
        raw = path.read_bytes()
    except OSError as error:
        return Analysis(
            path=shown, language=spec.name, notes=[Note(shown, f"cannot read: {error.strerror or error}", "skipped")]
        )
    try:
        source = decode(raw, language=spec.name, max_bytes=settings.max_file_size)
    except SkipFile as reason:
        return Analysis(path=shown, language=spec.name, notes=[Note(shown, str(reason), "skipped")])
    role = roles.classify(str(path), source.data, spec.name, settings)  # the real path: its project decides
    analysis = analyze(source, path=shown, language=spec.name, settings=settings, role=role)
    analysis.digest = cache_digest(raw)
    return analysis
