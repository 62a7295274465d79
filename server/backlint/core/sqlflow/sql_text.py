"""Does this text read as SQL?

The statement and clause patterns that tell a query from prose, and the text of an expression that
only ever yields placeholders. Holes are written as HOLE in the text tested.
"""

from __future__ import annotations

import re

HOLE = "\x00"  # stands for an interpolated value in the text we test

# Words that make "select ... from ..." prose: articles and pronouns never name a table or column.
_ARTICLES = {
    "a", "an", "the", "your", "you", "my", "our", "their", "this", "that", "these", "those", "which",
    "what", "one", "some", "please", "here", "below", "above", "it", "them", "me", "us", "any", "each",
}  # fmt: skip
# In a select list these read as English too ("Select an option from ...").
_PROSE_WORDS = _ARTICLES | {"option", "options", "to", "how", "where", "when", "dropdown", "menu"}

_LEADING_NOISE = re.compile(r"^(?:\s|\(|\x00|--[^\n]*\n|/\*.*?\*/|;)*", re.S)

_STATEMENT = re.compile(
    r"""(?:
        select\s+(?P<select_list>.+?)\s+from\s+(?P<after_from>[^\s]+)
      | select\s+(?:\d|\*|\x00|count\s*\(|sum\s*\(|max\s*\(|min\s*\(|avg\s*\(|exists\s*\(|now\s*\(|current_
                   |nextval|setval|version\s*\(|pg_|@@|last_insert_id|\w+\s*\()
      | insert\s+(?:ignore\s+|or\s+\w+\s+)?into\s+(?P<insert_target>[^\s(]+)
      | update\s+(?P<update_target>[^\s]+)\s+(?:\w+\s+)?set\s+\S
      | delete\s+from\s+(?P<delete_target>[^\s]+)
      | delete\s+\w+\s+(?:\w+\s+)?where\b
      | with\s+(?:recursive\s+)?[\w\x00]+\s*(?:\([^)]*\)\s*)?as\s*\(
      | (?:create|drop|alter|truncate)\s+
            (?:(?:temporary|temp|unique|or\s+replace|if\s+(?:not\s+)?exists|materialized|global|unlogged)\s+)*
            (?:table|index|view|schema|database|sequence|trigger|function|procedure|type|extension|user|role|column|constraint)\b
      | truncate\s+[\w\x00"`.]+\s*;?\s*$
      | (?:replace|merge)\s+into\s+\S
      | upsert\s+into\s+\S
      | exec(?:ute)?\s+(?:sp_|dbo\.|[\w.]+\s+@|\x00)
      | call\s+[\w.\x00]+\s*\(
      | \{\s*(?:\?\s*=\s*)?call\s+[\w.\x00]  # JDBC's escape syntax: `{call proc(?)}`, `{? = call f(?)}`
      | (?:grant|revoke)\s+\w+.*\s+(?:on|to|from)\s
      | show\s+(?:tables|columns|databases|index|indexes|create|grants|variables|full)
      | (?:describe|desc)\s+[\w\x00`"]+\s*;?\s*$
      | pragma\s+\w
      | (?:vacuum|reindex)\b
      | analyze\s+[\w\x00]
      | explain\s+(?:analyze\s+)?(?:select|insert|update|delete|with)\b
      | copy\s+\S+\s+(?:from|to)\s
      | copy\s*\(\s*(?:select|with)\s
      | set\s+(?:session|local|search_path|role|time\s+zone|names|@)
      | lock\s+tables?\s
      | from\s+[\w\x00.]+(?:\s+(?:as\s+)?\w+)?\s+(?:where|order\s+by|join|inner|left|group\s+by)\b
      | (?:listen|notify|unlisten)\s+[\w\x00]
    )""",
    re.I | re.S | re.X,
)

# A fragment that continues a query: what `base + " WHERE id = " + x` adds.
_CLAUSE = re.compile(
    r"""^(?:
        where\s+\S+?\s*(?:=|<|>|!=|like\b|ilike\b|in\b|is\b|between\b|not\b)
      | where\s+\x00
      | (?:and|or)\s+[\w.\x00]+\s*(?:=|<|>|!=|like\b|ilike\b|in\b|is\b|between\b)
      | order\s+by\s+\S
      | group\s+by\s+\S
      | having\s+\S
      | limit\s+(?:\d|\x00)
      | offset\s+(?:\d|\x00)
      | (?:inner\s+|left\s+(?:outer\s+)?|right\s+|cross\s+|full\s+)?join\s+\S+\s+on\b
      | values\s*\(
      | set\s+[\w\x00]+\s*=
      | union\s+(?:all\s+)?select\b
      | on\s+conflict\b
      | returning\s+\S
    )""",
    re.I | re.S | re.X,
)

# What a query-builder fragment (`.where(...)`, `whereRaw`, gorm `Where`, Django `extra`) looks like.
_CONDITION = re.compile(
    r"(?:=|<>|!=|<|>|\blike\b|\bilike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b|\bbetween\b|\bregexp\b|\bmatch\b)", re.I
)


def _normalise(text: str) -> str:
    # Escapes arrive as source text; `\n` in a literal is whitespace to SQL.
    return re.sub(r"\\[nrt]", " ", text)


def _is_prose_select(match: re.Match[str]) -> bool:
    """English, not SQL: "Select an option from the list", "select the file from disk"."""
    select_list = match.group("select_list")
    after_from = match.group("after_from")
    if select_list is None:
        return False
    words = select_list.replace(HOLE, " ").split()
    if words and words[0].lower().strip(",") in _PROSE_WORDS:
        return True
    return bool(after_from and after_from.strip("\"'`,.:;").lower() in _ARTICLES)


def reads_as_sql(text: str) -> bool:
    """True when `text` (holes written as HOLE) reads as a SQL statement or a clause of one."""
    body = _normalise(text)
    noise = _LEADING_NOISE.match(body)  # never None: the noise may be empty
    body = body[noise.end() :] if noise is not None else body
    if not body:
        return False
    match = _STATEMENT.match(body)
    if match is not None:
        if _is_prose_select(match):
            return False
        for group in ("insert_target", "update_target", "delete_target"):
            target = match.groupdict().get(group)
            if target and target.strip("\"'`").lower() in _ARTICLES:
                return False
        return True
    return _CLAUSE.match(body) is not None


def reads_as_condition(text: str) -> bool:
    """True when `text` reads as a WHERE/HAVING/JOIN fragment handed to a query builder."""
    body = _normalise(text).strip()
    return bool(body) and (reads_as_sql(body) or _CONDITION.search(body.replace(HOLE, " x ")) is not None)


_PLACEHOLDER_LITERAL = re.compile(r"^\s*(?:[?,\s]|%s|\$\d*|@p?\d*|:\w*)*\s*$")
_STRING_IN_TEXT = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`([^`$]*)`")
_JOINERS = re.compile(r"\bjoin\b|\bJoin\b|joining|\brepeat\b|\bRepeat\b|nCopies|\bfill\b")


def placeholder_list_text(text: str) -> bool:
    """An expression that only ever yields placeholders: `", ".join(["%s"] * len(ids))`,
    `ids.map(() => "?").join(",")`, `strings.Repeat("?,", n)`, `Collections.nCopies(n, "?")`."""
    literals = [next(g for g in m.groups() if g is not None) for m in _STRING_IN_TEXT.finditer(text)]
    if not literals or not _JOINERS.search(text):
        return False
    if not all(_PLACEHOLDER_LITERAL.match(lit) for lit in literals):
        return False
    return any(re.search(r"\?|%s|\$|@p|:\w", lit) for lit in literals)
