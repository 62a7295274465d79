"""Loading the rule catalog: shared records, per-language records and their compiled queries.

Layout (all data, no Python per rule):
    queries/rules/<ID>.toml        what the rule is, for every language (name, category, why, ...)
    queries/<lang>/<name>.scm      the tree-sitter query that matches it in one language
    queries/<lang>/<name>.toml     the language's part: id, example, use_instead, fix, checks

Queries are compiled once per process and language, then reused for every file.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import tree_sitter

from . import languages, peer_ignores
from .model import CATEGORIES, ROLES, Confidence, Gate, Rule, Severity
from .querypaths import CatalogError, queries_root, query_files

RULE_ID = re.compile(r"^BL[1-3]\d\d$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
GATE_FIELDS = ("requires", "requires_ignore_case", "requires_within")
SHARED_FIELDS = (
    "id",
    "name",
    "category",
    "severity",
    "confidence",
    "message",
    "summary",
    "why",
    "cwe",
    "references",
    "roles",
    "enabled",
    "honours",
    *GATE_FIELDS,
)
# `query`: run this rule's checks on another rule's patterns (`sql-string-building`) instead of its own.
LANGUAGE_FIELDS = (
    "id",
    "example",
    "use_instead",
    "fix",
    "checks",
    "message",
    "confidence",
    "severity",
    "roles",
    "query",
    *GATE_FIELDS,
)
# Fields a language's record may override from the shared one (`roles` entry by entry).
OVERRIDABLE = ("message", "confidence", "severity", *GATE_FIELDS)
# Every role but server must be named in a shared record's `roles`: where a rule applies is a decision.
DECLARED_ROLES = tuple(role for role in ROLES if role != "server")
ROLE_CAPS = ("off", "low", "medium", "high")
KNOWN_CAPTURES = ("finding", "context")
KNOWN_FIXES = ("sql-parameterize", "secret-to-env", "log-and-reraise")

# A TOML table as read from a rule record: its fields are checked by the validate functions here.
Record = dict[str, Any]


class CompiledRule:
    """A rule and its own query. The query compiles on first use: scanning uses the combined
    per-language query instead, so only the catalog test and tools pay for these."""

    def __init__(self, rule: Rule):
        self.rule = rule
        self._query: tree_sitter.Query | None = None

    @property
    def query(self) -> tree_sitter.Query:
        if self._query is None:
            self._query = compile_rule_query(self.rule)
        return self._query


def _read_toml(path: Path) -> Record:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError(f"{path}: {error}") from error


@lru_cache(maxsize=1)
def shared_records() -> dict[str, Record]:
    records: dict[str, Record] = {}
    folder = queries_root() / "rules"
    for path in sorted(folder.glob("*.toml")):
        record = _read_toml(path)
        validate_shared(record, path)
        records[record["id"]] = record
    return records


def validate_shared(record: Record, path: Path) -> None:
    unknown = set(record) - set(SHARED_FIELDS)
    if unknown:
        raise CatalogError(f"{path}: unknown fields {sorted(unknown)}")
    for key in ("id", "name", "category", "severity", "confidence", "message", "summary", "why"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise CatalogError(f"{path}: `{key}` must be a non-empty string")
    if not RULE_ID.match(record["id"]):
        raise CatalogError(f"{path}: id {record['id']!r} is not BL1xx/BL2xx/BL3xx")
    if path.stem != record["id"]:
        raise CatalogError(f"{path}: file name must be the rule id")
    if not RULE_NAME.match(record["name"]):
        raise CatalogError(f"{path}: name {record['name']!r} is not kebab-case")
    if record["category"] not in CATEGORIES:
        raise CatalogError(f"{path}: category must be one of {CATEGORIES}")
    family = {"1": "sql-injection", "2": "error-handling", "3": "secret"}[record["id"][2]]
    if record["category"] != family:
        raise CatalogError(f"{path}: {record['id']} belongs to {family}, not {record['category']}")
    try:
        Severity.parse(record["severity"])
        Confidence.parse(record["confidence"])
    except ValueError as error:
        raise CatalogError(f"{path}: {error}") from error
    for key in ("cwe", "references"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogError(f"{path}: `{key}` must be a list of strings")
    _validate_requires(record, path)
    _validate_roles(record.get("roles"), path, complete=True)
    honours = record.get("honours", [])
    if not isinstance(honours, list) or not all(isinstance(t, str) and peer_ignores.TOKEN.match(t) for t in honours):
        raise CatalogError(f'{path}: `honours` must list other tools\' directives, e.g. "noqa:S608", "nolint:errcheck"')
    if not isinstance(record.get("enabled", True), bool):
        raise CatalogError(f"{path}: `enabled` must be true or false")


def _validate_roles(table: object, path: Path, *, complete: bool) -> None:
    """`roles`: for each file role, the highest confidence the rule's findings keep there, or "off"."""
    if table is None and not complete:
        return
    if not isinstance(table, dict):
        raise CatalogError(f"{path}: `roles` must be a table of role = {' | '.join(ROLE_CAPS)}")
    for role, cap in table.items():
        if role not in DECLARED_ROLES:
            raise CatalogError(f"{path}: `roles.{role}` is not one of {', '.join(DECLARED_ROLES)}")
        if cap not in ROLE_CAPS:
            raise CatalogError(f"{path}: `roles.{role}` must be one of {', '.join(ROLE_CAPS)}, got {cap!r}")
    missing = [role for role in DECLARED_ROLES if role not in table]
    if complete and missing:
        raise CatalogError(f"{path}: `roles` must say how the rule applies to {', '.join(missing)}")


def _roles(shared: dict[str, str], own: dict[str, str] | None) -> tuple[tuple[str, Confidence | None], ...]:
    table = {**shared, **(own or {})}
    return tuple((role, None if table[role] == "off" else Confidence.parse(table[role])) for role in DECLARED_ROLES)


def _validate_requires(record: Record, path: Path) -> None:
    """`requires`: literal texts one of which every text the rule's patterns match contains (what their
    #match? predicates insist on); `requires_ignore_case`; `requires_within`: how many bytes from such
    a text a match may start or end. The rule then runs only around those places in a file."""
    if "requires" not in record:
        if any(key in record for key in GATE_FIELDS):
            raise CatalogError(f"{path}: `requires_ignore_case` and `requires_within` need `requires`")
        return
    literals = record["requires"]
    if not isinstance(literals, list) or not literals or not all(isinstance(v, str) and v for v in literals):
        raise CatalogError(f"{path}: `requires` must be a list of non-empty strings")
    if not isinstance(record.get("requires_ignore_case", False), bool):
        raise CatalogError(f"{path}: `requires_ignore_case` must be true or false")
    within = record.get("requires_within", 0)
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        raise CatalogError(f"{path}: `requires_within` must be a whole number of bytes, 0 or more")


def _gate(merged: Record) -> Gate | None:
    if "requires" not in merged:
        return None
    ignore_case = merged.get("requires_ignore_case", False)
    literals = tuple(dict.fromkeys(v.lower() if ignore_case else v for v in merged["requires"]))
    return Gate(tuple(v.encode("utf-8") for v in literals), ignore_case, merged.get("requires_within", 0))


def _language_rule(lang: str, path: Path, shared: dict[str, Record]) -> Rule:
    from .checks import CHECKS  # the registry imports rule logic; keep it off catalog import

    record = _read_toml(path)
    unknown = set(record) - set(LANGUAGE_FIELDS)
    if unknown:
        raise CatalogError(f"{path}: unknown fields {sorted(unknown)}")
    rule_id = record.get("id")
    if rule_id not in shared:
        raise CatalogError(f"{path}: id {rule_id!r} has no record in queries/rules/")
    for key in ("example", "use_instead"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise CatalogError(f"{path}: `{key}` must be a non-empty string")
    fix = record.get("fix")
    if fix is not None and fix not in KNOWN_FIXES:
        raise CatalogError(f"{path}: fix {fix!r} is not one of {KNOWN_FIXES}")
    checks = record.get("checks", [])
    if not isinstance(checks, list) or not all(isinstance(c, str) for c in checks):
        raise CatalogError(f"{path}: `checks` must be a list of names")
    for name in checks:
        if name not in CHECKS:
            raise CatalogError(f"{path}: unknown check {name!r}")
    _validate_requires(record, path)
    _validate_roles(record.get("roles"), path, complete=False)
    query_name = record.get("query", path.stem)
    if not isinstance(query_name, str) or not RULE_NAME.match(query_name):
        raise CatalogError(f"{path}: `query` must name another rule's query file, e.g. sql-string-building")
    base = shared[rule_id]
    merged = {**base, **{k: v for k, v in record.items() if k in OVERRIDABLE}}
    try:
        severity = Severity.parse(merged["severity"])
        confidence = Confidence.parse(merged["confidence"])
    except ValueError as error:
        raise CatalogError(f"{path}: {error}") from error
    return Rule(
        id=rule_id,
        name=base["name"],
        language=lang,
        category=base["category"],
        severity=severity,
        confidence=confidence,
        message=merged["message"],
        summary=base["summary"].strip(),
        why=base["why"].strip(),
        example=record["example"].strip("\n"),
        use_instead=record["use_instead"].strip("\n"),
        cwe=tuple(base.get("cwe", ())),
        references=tuple(base.get("references", ())),
        fix=fix,
        checks=tuple(checks),
        query_path=str(path.with_name(f"{query_name}.scm")),
        requires=_gate(merged),
        roles=_roles(base["roles"], record.get("roles")),
        enabled_by_default=base.get("enabled", True),
    )


def rule_query_text(rule: Rule) -> str:
    parts = []
    for path in query_files(rule.language, Path(rule.query_path).stem):
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CatalogError(f"{path}: {error}") from error
    return "\n".join(parts)


def compile_rule_query(rule: Rule) -> tree_sitter.Query:
    where = " + ".join(str(p) for p in query_files(rule.language, Path(rule.query_path).stem))
    try:
        query = tree_sitter.Query(languages.grammar(rule.language), rule_query_text(rule))
    except tree_sitter.QueryError as error:
        raise CatalogError(f"{where}: {error}") from error
    _check_captures(query, where)
    if "finding" not in {query.capture_name(i) for i in range(query.capture_count)}:
        raise CatalogError(f"{where}: the query has no @finding capture")
    return query


def _check_captures(query: tree_sitter.Query, where: str) -> None:
    for index in range(query.capture_count):
        name = query.capture_name(index)
        if name not in KNOWN_CAPTURES and not name.startswith("_"):
            raise CatalogError(f"{where}: unknown capture @{name} (use @finding, @context or @_helper)")


class LanguageRules:
    """One language's rules, compiled into as few queries as possible: one pass over the tree runs
    every rule (a query per rule would walk the tree once per rule).

    Rules whose record names `requires` (texts one of which every match contains) are kept apart in a
    second combined query, run only over the byte ranges around those texts. Their patterns test every
    string literal and comment with a regex; finding a few literals in the file's bytes is far
    cheaper, and most files have none at all. That query compiles on the first hit.
    """

    def __init__(self, language_name: str, compiled: tuple[CompiledRule, ...]):
        self.language = language_name
        self.rules = compiled
        everywhere = [c for c in compiled if not c.rule.requires]
        self.gated_rules = tuple(c for c in compiled if c.rule.requires)
        self.query, self.rule_of_pattern = _combine(language_name, everywhere)
        self.gates = tuple(c.rule for c in self.gated_rules)
        self._gated: tuple[tree_sitter.Query | None, tuple[tuple[Rule, ...], ...]] | None = None

    def gated(self) -> tuple[tree_sitter.Query | None, tuple[tuple[Rule, ...], ...]]:
        """The combined query of the rules with `requires`, and the rules of each of its patterns."""
        if self._gated is None:
            with _compile_lock:
                if self._gated is None:
                    self._gated = _combine(self.language, list(self.gated_rules))
        return self._gated


def _combine(
    language_name: str, compiled: list[CompiledRule]
) -> tuple[tree_sitter.Query | None, tuple[tuple[Rule, ...], ...]]:
    """The rules' queries as one, and the rules that own each pattern index (several when rules
    share one query file: each runs its own checks on the same matches)."""
    if not compiled:
        return None, ()
    text = ""
    starts: list[tuple[int, tuple[Rule, ...]]] = []
    sharing: dict[str, list[Rule]] = {}
    for item in compiled:
        sharing.setdefault(item.rule.query_path, []).append(item.rule)
    for owners in sharing.values():
        starts.append((len(text.encode("utf-8")), tuple(owners)))
        text += rule_query_text(owners[0]) + "\n"
    try:
        combined = tree_sitter.Query(languages.grammar(language_name), text)
    except tree_sitter.QueryError:
        for item in compiled:  # name the broken file
            compile_rule_query(item.rule)
        raise
    _check_captures(combined, f"queries/{'+'.join(languages.query_folders(language_name))}")
    pattern_owners = []
    for index in range(combined.pattern_count):
        offset = combined.start_byte_for_pattern(index)
        pattern_owners.append(next(rules for start, rules in reversed(starts) if start <= offset))
    return combined, tuple(pattern_owners)


_compile_lock = threading.RLock()
_compiled: dict[str, LanguageRules] = {}
_records: dict[str, tuple[CompiledRule, ...]] = {}


def rules_for(language_name: str) -> tuple[CompiledRule, ...]:
    """Every rule of one language, from its records (tsx reads typescript's). Cheap: no query compiled."""
    with _compile_lock:
        return _rules_for_locked(language_name)


def _rules_for_locked(language_name: str) -> tuple[CompiledRule, ...]:
    cached = _records.get(language_name)
    if cached is None:
        shared = shared_records()
        by_name: dict[str, Path] = {}
        for folder_name in languages.query_folders(language_name):
            folder = queries_root() / folder_name
            if folder.is_dir():
                for record_path in sorted(folder.glob("*.toml")):
                    by_name.setdefault(record_path.stem, record_path)
        found = []
        for name in sorted(by_name):
            record_path = by_name[name]
            rule = _language_rule(language_name, record_path, shared)
            query_name = Path(rule.query_path).stem
            files = [p for p in query_files(language_name, query_name) if not p.name.endswith(".local.scm")]
            if not files:
                raise CatalogError(f"{record_path}: no query file {name}.scm for it")
            found.append(CompiledRule(replace(rule, query_path=str(files[0]))))
        cached = _records[language_name] = tuple(found)
    return cached


def language_rules(language_name: str, *, all_queries: bool = False) -> LanguageRules:
    """The language's rules compiled, once per process. `all_queries` also compiles the query of the
    rules with `requires` now (before forking workers, say) instead of on their first hit."""
    with _compile_lock:
        cached = _compiled.get(language_name)
        if cached is None:
            cached = _compiled[language_name] = LanguageRules(language_name, _rules_for_locked(language_name))
        if all_queries:
            cached.gated()
        return cached


def all_rules() -> list[Rule]:
    out: list[Rule] = []
    for name in languages.LANGUAGES:
        if name == "tsx":
            continue
        out.extend(c.rule for c in rules_for(name))
    return out


def find_rule(language_name: str, rule_id: str) -> Rule | None:
    """One language's rule by id (tsx reads typescript's), or None when the language has no such rule."""
    for compiled in rules_for(language_name):
        if compiled.rule.id == rule_id:
            return compiled.rule
    return None


def known_rule_keys() -> set[str]:
    """Every rule id and name: what `select`, `ignore` and the per-rule tables may name."""
    records = shared_records()
    return set(records) | {record["name"] for record in records.values()}


@lru_cache(maxsize=1)
def honoured_directives() -> dict[str, frozenset[str]]:
    """By rule id, the other tools' suppression comments that silence the same check."""
    return {rule_id: frozenset(record.get("honours", ())) for rule_id, record in shared_records().items()}


def rule_ids() -> list[str]:
    return sorted(shared_records())


def describe(rule_id: str) -> tuple[Record, list[Rule]]:
    """The shared record and each language's rule, for `rules --explain` and hover."""
    records = shared_records()
    if rule_id not in records:
        raise KeyError(rule_id)
    return records[rule_id], [r for r in all_rules() if r.id == rule_id]


def iter_rule_files() -> Iterable[Path]:
    root = queries_root()
    for name in sorted({languages.queries_folder(n) for n in languages.LANGUAGES}):
        folder = root / name
        if folder.is_dir():
            yield from sorted(folder.glob("*.scm"))
