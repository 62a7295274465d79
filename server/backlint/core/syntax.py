"""Parse honesty: how much of a file the grammar could not read, said out loud.

A file with syntax errors still gets findings for the parts that parse, but the user must know the
rest was not read (a Flow-annotated adapter that yields nothing looks clean otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

from . import languages
from .model import Note

SYNTAX_NOTE = "syntax"  # the Note kind; reports count files by it
# Marker bytes are looked for at the head of the file only, where `// @flow` lives.
MARKER_WINDOW = 2048


@dataclass(frozen=True)
class ParseDamage:
    unreadable_bytes: int  # bytes inside ERROR nodes, plus one per token the parser had to invent
    first_error_byte: int
    first_error_line: int  # 0-based

    def share(self, size: int) -> float:
        return min(1.0, self.unreadable_bytes / max(size, 1))


def damage(tree: tree_sitter.Tree) -> ParseDamage | None:
    """Where and how much the tree failed to parse; None for a clean tree. Only subtrees that
    contain errors are visited."""
    root = tree.root_node
    if not root.has_error:
        return None
    unreadable = 0
    first: tree_sitter.Node | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            unreadable += max(1, node.end_byte - node.start_byte)
            if first is None or node.start_byte < first.start_byte:
                first = node
            continue  # an error's own subtree is already counted
        stack.extend(child for child in node.children if child.has_error)
    if first is None:
        return None
    return ParseDamage(unreadable, first.start_byte, first.start_point.row)


def best_parse(
    language: str, data: bytes, parse: Callable[[str, bytes], tree_sitter.Tree]
) -> tuple[str, tree_sitter.Tree]:
    """The grammar and tree that read the file best: the language's own, or one of its dialects
    when the file carries the dialect's marker and its own grammar fails."""
    tree = parse(language, data)
    spec = languages.LANGUAGES[language]
    if not spec.dialects or not tree.root_node.has_error or spec.dialect_marker not in data[:MARKER_WINDOW]:
        return language, tree
    own = damage(tree)
    best = (own.unreadable_bytes if own else 0, language, tree)
    for dialect in spec.dialects:
        candidate = parse(dialect, data)
        hurt = damage(candidate)
        score = hurt.unreadable_bytes if hurt else 0
        if score < best[0]:
            best = (score, dialect, candidate)
    return best[1], best[2]


def syntax_note(path: str, tree: tree_sitter.Tree, size: int) -> Note | None:
    hurt = damage(tree)
    if hurt is None:
        return None
    share = hurt.share(size)
    amount = "under 1%" if share < 0.01 else f"{share:.0%}"
    return Note(
        path,
        f"does not parse from line {hurt.first_error_line + 1} ({amount} of the file unreadable); "
        "findings in the unreadable part may be missing",
        SYNTAX_NOTE,
        hurt.first_error_byte,
    )
