"""Macro invocations' arguments: a token tree's groups, and a longer argument parsed again on its own."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .constants import _COMMENTS

# --- macro arguments -------------------------------------------------------------------------------

_PARSER: list[tree_sitter.Parser] = []


def _parser() -> tree_sitter.Parser:
    if not _PARSER:
        from .... import languages  # here: `languages` is ready by the time a file is read

        _PARSER.append(tree_sitter.Parser(languages.grammar("rust")))
    return _PARSER[0]


def _macro_name(flow: Any, node: tree_sitter.Node) -> str:
    macro = node.child_by_field_name("macro")
    return flow.text(macro).rsplit("::", 1)[-1] if macro is not None else ""


def _groups(tree: tree_sitter.Node) -> list[list[tree_sitter.Node]]:
    """A token tree's arguments: its tokens split at top-level commas (a `[x; n]` repeat keeps `x`)."""
    groups: list[list[tree_sitter.Node]] = [[]]
    for child in tree.children[1:-1]:
        if child.type in _COMMENTS:
            continue
        if child.type == ";":
            break
        if child.type == ",":
            groups.append([])
            continue
        groups[-1].append(child)
    return [g for g in groups if g]


def _strip_reference(group: list[tree_sitter.Node]) -> list[tree_sitter.Node]:
    """`&x`, `&mut x`, `*x`: the value itself."""
    while len(group) > 1 and group[0].type in ("&", "*", "mutable_specifier", "&&"):
        group = group[1:]
    return group


def _value_tokens(group: list[tree_sitter.Node]) -> list[tree_sitter.Node]:
    """The value of an argument: after `name =` for a named one."""
    if len(group) > 2 and group[0].type == "identifier" and group[1].type == "=":
        return group[2:]
    return group


def _parsed(flow: Any, groups: list[list[tree_sitter.Node]]) -> list[tree_sitter.Node] | None:
    """The argument groups parsed as the arguments of a call, each at its own byte offsets (so the
    nodes' text is the file's), or None when they do not parse. Cached per file."""
    if not groups:
        return []
    start, end = groups[0][0].start_byte, groups[-1][-1].end_byte
    cache: dict[tuple[int, int, int], list[tree_sitter.Node] | None] = flow.file.cache.setdefault("rust_args", {})
    key = (start, end, len(groups))
    if key in cache:
        return cache[key]
    data: bytes = flow.file.data
    result: list[tree_sitter.Node] | None = None
    if start >= 9:
        doc = bytearray(b" " * (end + 3))
        doc[start - 9 : start] = b"fn _(){_("
        for index, group in enumerate(groups):
            first, last = group[0].start_byte, group[-1].end_byte
            doc[first:last] = data[first:last]
            if index + 1 < len(groups):
                doc[last] = ord(",")  # a comma follows every group in the source, so there is room
        doc[end : end + 3] = b")}\n"
        tree = _parser().parse(bytes(doc))
        function = tree.root_node.named_children[0] if tree.root_node.named_children else None
        body = function.child_by_field_name("body") if function is not None else None
        call = body.named_children[-1] if body is not None and body.named_children else None
        arguments = (
            call.child_by_field_name("arguments") if call is not None and call.type == "call_expression" else None
        )
        if arguments is not None and not tree.root_node.has_error:
            args = [c for c in arguments.named_children if c.type not in _COMMENTS]
            if len(args) == len(groups):
                result = args
    cache[key] = result
    return result
