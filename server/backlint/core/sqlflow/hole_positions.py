"""Where a hole sits in the built query: a quoted literal, a value, a list, a name (table, column),
a count (LIMIT / OFFSET), a sort key; and whether an expression reads request input."""

from __future__ import annotations

import re

import tree_sitter

from ..nodes import node_bytes
from .built import Built
from .sql_text import HOLE, _normalise

_VALUE_BEFORE = re.compile(r"(?:=|<>|!=|<|>|\blike|\bilike|\blimit|\boffset|\bbetween|\bthen|\belse)\s*$", re.I)
_QUOTED_BEFORE = re.compile(r"(?<![\w'])'$")
_QUOTED_AFTER = re.compile(r"^'(?!\w)")
_DQUOTED_BEFORE = re.compile(r'(?<![\w"])"$')
_DQUOTED_AFTER = re.compile(r'^"(?!\w)')


_VALUES_KEYWORD = re.compile(r"\bvalues\b", re.I)


def _values_tuple_open(before: str) -> bool:
    """The text ends inside `VALUES (...` at a position where a value goes."""
    keywords = list(_VALUES_KEYWORD.finditer(before))  # `custom_values` is a table, not the keyword
    if not keywords:
        return False
    tail = before[keywords[-1].end() :]
    return tail.count("(") > tail.count(")") and re.search(r"[(,]\s*$", tail) is not None


# Where SQL wants a name, not a value: a table, column list, schema or database. A parameter cannot
# go there, so "pass the values as parameters" is the wrong advice; an allow-list or quoting is the
# right one. ORDER BY / GROUP BY are left out on purpose: a sort key is the name most often taken
# straight from a query string, and it stays an injection finding.
_NAME_BEFORE = re.compile(
    r"(?:\b(?:from|join|into|update|table|database|schema|extension|index|view|sequence|exists|truncate|describe"
    r"|desc|column|columns\s+(?:in|from)|tables\s+(?:in|from)|as|alter\s+table|drop|grant\s+\w+\s+on"
    r"|template|owner|role|user|to|tablespace)"
    r"|\btable_info\s*\(|\bselect(?:\s+distinct)?|\bset|\bsearch_path\s+(?:to|=)|\buse|\.)\s*[`\"\[]?$",
    re.I,
)
_NAME_AFTER = re.compile(
    r"^[`\"\]]?\s*(?:\.|,|\)|$|=|\s+(?:from|where|as|on|set|values|asc|desc|limit|order|group)\b)", re.I
)


# `WHERE <name> < ?`: the left side of a comparison is a column.
_CONDITION_START = re.compile(r"\b(?:where|and|or|on)\s*[`\"\[]?$", re.I)
_COMPARED_AFTER = re.compile(
    r"^[`\"\]]?\s*(?:=|<>|!=|<=|>=|<|>|\bnot\b|\blike\b|\bilike\b|\bin\b|\bis\b|\bbetween\b)", re.I
)


def count_position(built: Built, index: int) -> bool:
    """The hole is the number after LIMIT / OFFSET / TOP / FETCH FIRST."""
    before = _normalise("".join(p.text if p.text is not None else HOLE for p in built.parts[:index]))
    return re.search(r"\b(?:limit|offset|top|fetch\s+(?:first|next))\s*\(?\s*$", before, re.I) is not None


def sort_key_position(built: Built, index: int) -> bool:
    """The hole follows ORDER BY / GROUP BY (or a comma in their list)."""
    before = _normalise("".join(p.text if p.text is not None else HOLE for p in built.parts[:index]))
    return re.search(r"\b(?:order|group)\s+by\b[^()]*$", before, re.I) is not None and not re.search(
        r"\b(?:limit|offset|having)\b[^()]*$", before, re.I
    )


def name_position(built: Built, index: int) -> bool:
    """The hole at `index` sits where the SQL names a table, column, schema or database."""
    parts = built.parts
    before = _normalise("".join(p.text if p.text is not None else HOLE for p in parts[:index]))
    after = _normalise("".join(p.text if p.text is not None else HOLE for p in parts[index + 1 :]))
    if re.search(r"[A-Za-z_\x00][\w\x00]*$", before) and not re.search(
        r"\b(?:select|from|where|and|or|set|by)$", before, re.I
    ):
        # Glued to letters or another hole (`"d" + day`, `audit_${year}`, `$prefix . $name`): the
        # hole is part of one identifier.
        before = re.sub(r"[A-Za-z_\x00][\w\x00]*$", "", before)
        after = re.sub(r"^[\w\x00]+", "", after)
    if _CONDITION_START.search(before) and _COMPARED_AFTER.search(after):
        return True
    if not _NAME_BEFORE.search(before):
        return False
    if _values_tuple_open(before):
        return False
    if re.search(r"\bset\s*$", before, re.I):
        return _NAME_AFTER.search(after) is not None  # `SET <hole> = ...` names a column
    return True


# Request input spliced straight in stays a finding even where SQL wants a name: `ORDER BY ${req.query.sort}`.
_REQUEST_INPUT = re.compile(
    r"\b(?:req|request|ctx\.request|params|query|body|form|args|headers|cookies)\b[.\[]|\bc\.(?:Query|Param|PostForm|DefaultQuery)\("
    r"|\br\.(?:URL|Form|PostForm|FormValue)\b|getParameter\(|\bsys\.argv|\bprocess\.argv"
)


def from_request(node: tree_sitter.Node | None) -> bool:
    return node is not None and _REQUEST_INPUT.search(node_bytes(node).decode("utf-8", "replace")) is not None


def hole_roles(built: Built) -> list[tuple[int, str]]:
    """(index into built.parts, role) for each hole: "quoted" (inside '...'), "value" (after a
    comparison, LIMIT/OFFSET or in a VALUES tuple) or "identifier" (anything else: table, column,
    ORDER BY direction, a whole clause)."""
    roles = []
    parts = built.parts
    for index, part in enumerate(parts):
        if not part.is_hole:
            continue
        before = "".join(p.text if p.text is not None else HOLE for p in parts[:index])
        after = "".join(p.text if p.text is not None else HOLE for p in parts[index + 1 :])
        before_n, after_n = _normalise(before), _normalise(after)
        if _QUOTED_BEFORE.search(before_n) and _QUOTED_AFTER.search(after_n):
            roles.append((index, "quoted"))
        elif (
            _DQUOTED_BEFORE.search(before_n)
            and _DQUOTED_AFTER.search(after_n)
            and built.node is not None
            and "'" not in before_n[-1:]
        ):
            # "..." around a value is a string literal in MySQL/SQLite dialects, an identifier in others.
            roles.append((index, "dquoted"))
        elif before_n.replace("''", "").count("'") % 2 == 1:
            roles.append((index, "in-quotes"))  # part of a quoted literal: '%{term}%', 'prefix-{x}'
        elif re.search(r"\bin\s*\(\s*$", before_n, re.I):
            roles.append((index, "list"))
        elif _VALUE_BEFORE.search(before_n) or _values_tuple_open(before_n):
            roles.append((index, "value"))
        else:
            roles.append((index, "identifier"))
    return roles
