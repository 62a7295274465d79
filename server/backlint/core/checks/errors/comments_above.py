"""A comment right above a `try` that explains the empty handler below it.

    // Wrapped in try-catch in the event a database does not support InnoDB.
    try { ... } catch (Exception $e) { }

Authors often write the reason where the attempt starts rather than in the empty block. Such a
comment counts when it gives a reason (not a TODO or a directive) and speaks of the failure or of the
`try` itself; a comment that only describes what the code does does not.
"""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from .common import _COMMENT_TYPES, _gives_a_reason

_ABOUT_FAILING = re.compile(
    r"(?i)\b(?:try[- /]?(?:catch|except)|catch\w*|rescue\w*|in case|in the event|if (?:it|this|that) fails"
    r"|may fail|might fail|can fail|(?:does|do|may|might)(?: not|n't) (?:support|exist)|not supported"
    r"|unsupported|ignor\w*|best.effort|optional\w*)\b"
)


def explained_above(statement: tree_sitter.Node | None) -> bool:
    """The comment lines that end on the line right above `statement` give a reason about failing."""
    if statement is None:
        return False
    previous = statement.prev_sibling
    row = statement.start_point[0]
    lines: list[str] = []
    while previous is not None and previous.type in _COMMENT_TYPES and previous.end_point[0] >= row - 1:
        lines.insert(0, node_bytes(previous).decode("utf-8", "replace"))
        row = previous.start_point[0]
        previous = previous.prev_sibling
    text = " ".join(lines)
    return bool(lines) and _gives_a_reason(text) and _ABOUT_FAILING.search(text) is not None
