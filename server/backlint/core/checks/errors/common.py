"""What every error-handling check shares: tree walks, "is this handler a deliberate choice?", the
parse-or-default fallback, and the helper queries that compute facts about a whole file.

A helper query lives in `queries/<folder>/helpers/<name>.scm` and is read like a rule's query: a
language that inherits a folder (TypeScript and TSX inherit `javascript/`) reads the inherited file
first, then its own `helpers/<name>.scm` (patterns added for its grammar), then its own
`helpers/<name>.local.scm` (patterns only that folder's grammar compiles, never inherited). Each is
compiled once per grammar, on first use, and kept. Every helper is declared with `helper(...)`, which
names the captures the checks read, so `tests/catalog/test_helper_queries.py` compiles each one against
every grammar that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from ... import languages
from ...nodes import node_bytes
from ...querypaths import queries_root
from ..base import FileContext

# --- shared helpers -------------------------------------------------------------------------------


def descendants(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Every node under `node` (itself included), walked with an explicit stack."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def uses_identifier(node: tree_sitter.Node, name: str, types: tuple[str, ...] = ("identifier",)) -> bool:
    encoded = name.encode()
    return any(n.type in types and n.text == encoded for n in descendants(node))


def enclosing(node: tree_sitter.Node, types: tuple[str, ...]) -> tree_sitter.Node | None:
    current = node.parent
    while current is not None and current.type not in types:
        current = current.parent
    return current


def non_comment_children(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [child for child in node.named_children if not child.type.endswith("comment")]


_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})
_FALLBACK_STATEMENTS = frozenset(
    {"return_statement", "continue_statement", "break_statement", "local_variable_declaration", "assignment_statement"}
)
_ASSIGNMENTS = frozenset({"assignment", "assignment_expression", "augmented_assignment"})


def _falls_back(body: tree_sitter.Node | None) -> bool:
    """The handler does something instead: returns or assigns a default, continues, breaks."""
    if body is None:
        return False
    for statement in non_comment_children(body):
        if statement.type in _FALLBACK_STATEMENTS:
            return True
        if statement.type == "expression_statement" and any(c.type in _ASSIGNMENTS for c in statement.named_children):
            return True
    return False


# An exception variable named to say "on purpose": `catch (Exception ignored)`, `catch (_ignored)`.
_DELIBERATE_NAME = re.compile(r"^_*(?:ignored?|expected|unused|ok|_)$", re.I)


def explained(handler: tree_sitter.Node | None, variable: str | None = None, *, falls_back: bool = False) -> bool:
    """The handler is a deliberate choice and says so: an exception variable named `ignored`, a
    comment that says the error is ignored on purpose, or a comment beside a fallback (a default
    returned or assigned). "best effort" or "the gateway is flaky" above nothing at all is still a
    swallowed error: the reason explains the gap, it does not close it."""
    if variable and _DELIBERATE_NAME.match(variable):
        return True
    if handler is None:
        return False
    reasons = [
        node_bytes(node).decode("utf-8", "replace") for node in descendants(handler) if node.type in _COMMENT_TYPES
    ]
    reasons = [r for r in reasons if _gives_a_reason(r)]
    return any(_DELIBERATE_WORDS.search(r) for r in reasons) or (falls_back and bool(reasons))


_DELIBERATE_WORDS = re.compile(
    r"(?i)\b(?:ignor\w*|intentional\w*|deliberate\w*|on purpose|expected|silent\w*|quiet\w*|no-?op|nothing to do"
    r"|can(?:'|no)?t happen|never happens|safe to|harmless|not an error|fall ?back|default)\b|忽略|静默"
)


# Not reasons: a promise to come back (TODO), a linter directive, or an ellipsis.
_NOT_A_REASON = re.compile(
    r"^(?:todo|fixme|xxx|hack|tbd)\b|^(?:noqa|nolint|nosec|nosonar|type:\s*ignore|pylint:|eslint-|ts-ignore|ts-expect-error"
    r"|backlint:)",  # a suppression is its own, visible decision: the finding stays, marked suppressed
    re.I,
)


def _gives_a_reason(comment: str) -> bool:
    text = comment.strip().lstrip("#/*!").rstrip("*/").strip()
    return any(c.isalpha() for c in text) and not _NOT_A_REASON.search(text)


# Conversions whose failure means "not that kind of value": int(), float(), bytes.fromhex, json.loads,
# version.parse, Integer.parseInt, InetAddress.getByName ...
_PARSE_CALL = re.compile(
    r"\b(?:int|float|Decimal|fromhex|loads|parse|strptime|fromisoformat|UUID|ip_address|ip_network|b64decode"
    r"|urlparse|literal_eval|parseInt|parseLong|parseDouble|parseFloat|valueOf|getByName|getLocalHost|getHostName"
    r"|forName|decode|json\.load|safe_load|toml\.load)\s*\("
)


def parse_or_default(body: tree_sitter.Node, attempt: tree_sitter.Node | None, parse_call: re.Pattern[str]) -> bool:
    """Parse or default: the `try` only converts a value (`return float(raw)`, `int.Parse(s)`,
    `Carbon::parse($raw)`: one of the language's `parse_call`s) and the handler only supplies the
    default (`return None`, `host = "127.0.0.1"`). Failing to convert is the expected case, handled
    on purpose; anything bigger in the `try` stays a finding."""
    tried = non_comment_children(attempt) if attempt is not None else []
    if not 1 <= len(tried) <= 2 or not any(parse_call.search(node_bytes(t).decode("utf-8", "replace")) for t in tried):
        return False
    statements = [s for s in non_comment_children(body) if s.type != "pass_statement"]
    if not statements:
        return True  # the default was set before the `try`
    if len(statements) != 1:
        return False
    statement = statements[0]
    if statement.type == "return_statement":
        return True
    inner = (
        statement.named_children[0] if statement.type == "expression_statement" and statement.named_children else None
    )
    return inner is not None and inner.type in ("assignment", "assignment_expression")


def _real_fallback(body: tree_sitter.Node, attempt: tree_sitter.Node | None) -> bool:
    return parse_or_default(body, attempt, _PARSE_CALL)


# --- helper queries -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one declaration, one cache entry
class HelperQuery:
    """`queries/<folder>/helpers/<name>.scm`, run over a whole file by `file_matches`. `captures` are
    the names the checks read from its matches (the catalog test holds the query to exactly these)."""

    folder: str  # the queries/ folder it belongs to; every language that reads that folder runs it
    name: str
    captures: frozenset[str]

    def grammars(self) -> list[str]:
        """The grammars that read this helper's folder."""
        return [name for name in languages.LANGUAGES if self.folder in languages.query_folders(name)]

    def files(self, language: str) -> list[Path]:
        """The files that make up the helper for one grammar, as `rules.query_files` orders a rule's."""
        folders = languages.query_folders(language)
        if self.folder not in folders:
            raise ValueError(f"helper query {self.folder}/helpers/{self.name} is not read by {language}")
        root = queries_root()
        files = [root / folder / "helpers" / f"{self.name}.scm" for folder in reversed(folders)]
        files.append(root / folders[0] / "helpers" / f"{self.name}.local.scm")
        return [path for path in files if path.is_file()]

    def compile(self, language: str) -> tree_sitter.Query:
        """The helper's query for one grammar. A missing file or a query the grammar rejects is a
        packaging or authoring error: it names the files (`rules.CatalogError` cannot be raised here,
        see `queries_root`)."""
        files = self.files(language)
        if not files:
            raise FileNotFoundError(
                f"{queries_root() / self.folder / 'helpers' / self.name}.scm: the helper query is missing"
            )
        text = "\n".join(path.read_text(encoding="utf-8") for path in files)
        try:
            return tree_sitter.Query(languages.grammar(language), text)
        except tree_sitter.QueryError as error:
            raise tree_sitter.QueryError(f"{' + '.join(str(path) for path in files)}: {error}") from error


# Every helper query the checks use, for the catalog test.
HELPERS: list[HelperQuery] = []
_QUERIES: dict[tuple[str, HelperQuery], tree_sitter.Query] = {}


def helper(folder: str, name: str, *captures: str) -> HelperQuery:
    """Declare a helper query (at import time; nothing is read or compiled until a file needs it)."""
    declared = HelperQuery(folder, name, frozenset(captures))
    HELPERS.append(declared)
    return declared


def file_matches(file: FileContext, query_of: HelperQuery) -> list[dict[str, list[tree_sitter.Node]]]:
    """Run a helper query over the whole file (compiled once per grammar)."""
    key = (file.language, query_of)
    query = _QUERIES.get(key)
    if query is None:
        query = _QUERIES[key] = query_of.compile(file.language)
    return [captures for _index, captures in tree_sitter.QueryCursor(query).matches(file.tree.root_node)]
