"""ActiveRecord's clause methods (`order`, `group`, `select`, `pluck`) and the calls on the way to them."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .syntax import _COMMENT

# --- ActiveRecord's clause methods ----------------------------------------------------------------

# What ActiveRecord writes before the text these methods take.
_CLAUSE_SINKS = {
    "order": "ORDER BY ",
    "reorder": "ORDER BY ",
    "group": "GROUP BY ",
    "regroup": "GROUP BY ",
    "select": "SELECT ",
    "reselect": "SELECT ",
    "pluck": "SELECT ",
    "pick": "SELECT ",
}
# Calls that hand their first argument on as SQL text: `Arel.sql(...)`, `Sequel.lit(...)`.
_RAW_SQL = {("Arel", "sql"), ("Sequel", "lit"), ("Sequel", "expr")}
# Calls that return their receiver's text reshaped (`<<~SQL.squish`, `"...".freeze`).
_RESHAPE = frozenset({
    "squish", "strip", "lstrip", "rstrip", "chomp", "freeze", "dup", "to_s", "to_str", "squeeze", "downcase",
    "upcase", "html_safe", "itself", "presence",
})  # fmt: skip


def _call_parts(reader: Any, node: tree_sitter.Node) -> tuple[tree_sitter.Node | None, str, list[tree_sitter.Node]]:
    """(receiver, method name, arguments) of a call node."""
    receiver = node.child_by_field_name("receiver")
    method = node.child_by_field_name("method")
    arguments = node.child_by_field_name("arguments")
    args = [c for c in arguments.named_children if c.type != _COMMENT] if arguments is not None else []
    return receiver, (reader.text(method) if method is not None else ""), args


def _raw_sql_wrapper(reader: Any, node: tree_sitter.Node) -> bool:
    receiver, method, _args = _call_parts(reader, node)
    return receiver is not None and (reader.text(receiver).lstrip(":"), method) in _RAW_SQL


def _sink_taking(reader: Any, node: tree_sitter.Node) -> str | None:
    """The method whose first argument `node` starts (through `+`, parentheses, `.squish` and
    `Arel.sql(...)`); None when it starts no call's first argument."""
    current = node
    for _ in range(12):  # a literal sits a few levels under the call at most
        parent = current.parent
        if parent is None:
            return None
        if parent.type in ("binary", "parenthesized_statements") and parent.named_children[0] == current:
            current = parent
            continue
        if parent.type == "call" and parent.child_by_field_name("receiver") == current:
            if _call_parts(reader, parent)[1] not in _RESHAPE:
                return None
            current = parent
            continue
        if parent.type != "argument_list":
            return None
        first = next((c for c in parent.named_children if c.type != _COMMENT), None)
        call = parent.parent
        if first != current or call is None or call.type != "call":
            return None
        if _raw_sql_wrapper(reader, call):
            current = call
            continue
        return _call_parts(reader, call)[1]
    return None


def _in_clause_sink(flow: Any, node: tree_sitter.Node) -> bool:
    """`node` is spliced into the literal given to `order` / `group` / `select` / `pluck`."""
    current: tree_sitter.Node | None = node
    for _ in range(8):
        if current is None:
            return False
        if current.type in ("string", "chained_string"):
            outer = (
                current.parent if current.parent is not None and current.parent.type == "chained_string" else current
            )
            return _sink_taking(flow, outer) in _CLAUSE_SINKS
        current = current.parent
    return False
