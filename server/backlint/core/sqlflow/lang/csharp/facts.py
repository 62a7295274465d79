"""File facts: the constant fields, other fields, properties and enums one C# file declares."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .... import languages
from ...built import CONST, worst
from .strings import _literal_text

_FIELDS_SOURCE = """
(field_declaration (variable_declaration (variable_declarator name: (identifier) @name) @declarator)) @field
(enum_declaration name: (identifier) @enum)
(property_declaration name: (identifier) @property)
"""
_FIELD_WRITES = """
(assignment_expression left: (identifier) @name right: (_) @value)
(assignment_expression left: (member_access_expression name: (identifier) @name) right: (_) @value)
"""
_compiled: dict[str, tree_sitter.Query] = {}


def _query(name: str, source: str) -> tree_sitter.Query:
    query = _compiled.get(name)
    if query is None:
        query = _compiled[name] = tree_sitter.Query(languages.grammar("csharp"), source)
    return query


class _Facts:
    """Constant fields (`const`, `static readonly`), the other fields and properties, and the enums
    declared in one file."""

    def __init__(self, flow: Any) -> None:
        self.constants: dict[str, tree_sitter.Node | None] = {}
        self.members: set[str] = set()
        self.enums: set[str] = set()
        self.fields: dict[str, list[tree_sitter.Node]] = {}  # other fields: the values they are given
        cursor = tree_sitter.QueryCursor(_query("fields", _FIELDS_SOURCE))
        for _index, caps in cursor.matches(flow.file.tree.root_node):
            if "enum" in caps:
                self.enums.add(flow.text(caps["enum"][0]))
                continue
            if "property" in caps:
                self.members.add(flow.text(caps["property"][0]))
                continue
            name = flow.text(caps["name"][0])
            self.members.add(name)
            field = caps["field"][0]
            modifiers = {flow.text(c) for c in field.named_children if c.type == "modifier"}
            declarator = caps["declarator"][0]
            values = [c for c in declarator.named_children if c != declarator.child_by_field_name("name")]
            if "const" not in modifiers and not {"static", "readonly"} <= modifiers:
                self.fields.setdefault(name, []).extend(values[-1:])
                continue
            # Declared twice (in two classes of the file): a name we cannot tell apart.
            self.constants[name] = None if name in self.constants else (values[-1] if values else None)
        # Every value the other fields are given in the file: `m_table = $"Blocks-{guid}"`.
        for _index, caps in tree_sitter.QueryCursor(_query("writes", _FIELD_WRITES)).matches(flow.file.tree.root_node):
            written = flow.text(caps["name"][0])
            if written in self.fields:
                self.fields[written].append(caps["value"][0])


def _facts(flow: Any) -> _Facts:
    facts: _Facts | None = flow.file.cache.get("csharp_sql_facts")
    if facts is None:
        facts = flow.file.cache["csharp_sql_facts"] = _Facts(flow)
    return facts


def _field(flow: Any, name: str, node: tree_sitter.Node, level: int, member: bool) -> tuple[str, str | None] | None:
    """A field of this file (`m_table`, `this._table`) is as risky as the worst value the file gives
    it; None when it is no field here, a local shadows it, or it is never given a value we can see."""
    values = _facts(flow).fields.get(name)
    if not values or level > 8:
        return None
    if not member and (flow.definitions(name, node) or flow.is_parameter(name, node)):
        return None
    return worst(*(flow.classify(v, level + 1)[0] for v in values)), None


def _constant(flow: Any, name: str, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    """A const / static readonly field of this file read by its bare name (no local shadows it)."""
    facts = _facts(flow)
    if name not in facts.constants or flow.definitions(name, node) or flow.is_parameter(name, node):
        return None
    value = facts.constants[name]
    if value is None:
        return CONST, None
    # Whatever a static readonly field is set from, it is set once when the type loads: no request
    # reaches it.
    return CONST, _literal_text(flow, value)
