"""Constants and class properties this file declares (`const X`, `define`, `protected $t`) or assigns to."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tree_sitter

from .... import languages
from ...built import CONST, DYNAMIC, worst

if TYPE_CHECKING:  # classify imports this module (through profiles): only the types are read here
    from ...classify import QueryFlow
    from ...literals import LiteralReader

# `protected $table = 'users';` and `const TABLE = 'users';` in this file.
_DECLARATIONS = """
(property_element name: (variable_name (name) @property) default_value: (_) @value)
(const_element (name) @constant . (_) @value)
(function_call_expression function: (name) @_define
      arguments: (arguments . (argument (string (string_content) @constant)) . (argument (_) @value))
      (#eq? @_define "define"))
"""
_compiled: list[tree_sitter.Query] = []
_NAME_CONSTANT = re.compile(r"(?i)prefix|table|schema|database|db_?name")
# What this file assigns to its own properties: `$this->table = ...`, `$this->sql['x'] = ...`, `self::$t .= ...`.
_PROPERTY_ASSIGNMENTS = """
([(assignment_expression) (augmented_assignment_expression)]
  left: [
    (member_access_expression object: (variable_name) @_this name: (name) @property)
    (subscript_expression . (member_access_expression object: (variable_name) @_this name: (name) @property))
    (scoped_property_access_expression scope: (relative_scope) name: (variable_name) @property)
    (subscript_expression . (scoped_property_access_expression scope: (relative_scope) name: (variable_name) @property))
  ]
  right: (_) @value
  (#eq? @_this "$this"))
"""
_member_compiled: list[tree_sitter.Query] = []


# --- constants and class properties -----------------------------------------------------------------


def _declared(flow: LiteralReader) -> dict[str, tree_sitter.Node | None]:
    """Constants (`const X = ...`, `define('X', ...)`) and class properties with a default, by name
    (`X`, `$table`); None for a name declared twice with different values."""
    cache = flow.file.cache
    found: dict[str, tree_sitter.Node | None] | None = cache.get("php_declared")
    if found is not None:
        return found
    if not _compiled:
        _compiled.append(tree_sitter.Query(languages.grammar("php"), _DECLARATIONS))
    found = {}
    for _index, captures in tree_sitter.QueryCursor(_compiled[0]).matches(flow.file.tree.root_node):
        value = captures["value"][0]
        key = "$" + flow.text(captures["property"][0]) if "property" in captures else flow.text(captures["constant"][0])
        seen = found.get(key)
        if key in found and (seen is None or flow.text(seen) != flow.text(value)):
            found[key] = None  # declared twice with different values: not one we can read
        else:
            found[key] = value
    cache["php_declared"] = found
    return found


def _constant_key(flow: LiteralReader, node: tree_sitter.Node) -> str:
    """`TABLE` for `TABLE`, `self::TABLE`, `static::TABLE` and `Repo::TABLE`."""
    if node.type == "name":
        return flow.text(node)
    names = [c for c in node.named_children if c.type == "name"]
    return flow.text(names[-1]) if names else ""


def _property(flow: QueryFlow, name: str) -> tuple[str, str | None]:
    """(kind, text) of `$this->name` / `self::$name`: the worst of its declared default and every
    value this file assigns to it (or to one of its keys); DYNAMIC when it has neither."""
    cache: dict[str, tuple[str, str | None]] = flow.file.cache.setdefault("php_properties", {})
    if name in cache:
        return cache[name]
    cache[name] = (DYNAMIC, None)  # while it is read: a property built from itself is not ours
    if not _member_compiled:
        _member_compiled.append(tree_sitter.Query(languages.grammar("php"), _PROPERTY_ASSIGNMENTS))
    default = _declared(flow).get("$" + name)
    values = [default] if default is not None else []
    cursor = tree_sitter.QueryCursor(_member_compiled[0])
    for _index, captures in cursor.matches(flow.file.tree.root_node):
        if flow.text(captures["property"][0]).lstrip("$") == name:
            values.append(captures["value"][0])
    if not values:
        return cache[name]
    classified = [flow.classify(v, 1) for v in values]
    kind = worst(*(k for k, _ in classified))
    text = classified[0][1] if kind == CONST and len(classified) == 1 else None
    cache[name] = (kind, text)
    return cache[name]
