"""The file's constants (`NAME = value`) and the text a constant holds."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .... import languages
from .builders import _template_text
from .clauses import _call_parts

_CONSTANTS_QUERY: list[tree_sitter.Query] = []


def _constants(flow: Any) -> dict[str, tree_sitter.Node | None]:
    """`NAME = value` anywhere in the file (module, class or top level): name -> value, None when
    assigned twice."""
    cached: dict[str, tree_sitter.Node | None] | None = flow.file.cache.get("ruby_constants")
    if cached is None:
        if not _CONSTANTS_QUERY:
            _CONSTANTS_QUERY.append(
                tree_sitter.Query(languages.grammar("ruby"), "(assignment left: (constant) @name right: (_) @value)")
            )
        cached = {}
        for _index, captures in tree_sitter.QueryCursor(_CONSTANTS_QUERY[0]).matches(flow.file.tree.root_node):
            name = flow.text(captures["name"][0])
            cached[name] = None if name in cached else captures["value"][0]
        flow.file.cache["ruby_constants"] = cached
    return cached


def _constant_text(flow: Any, name: str) -> str | None:
    value = _constants(flow).get(name)
    if value is None:
        return None
    value = flow._unwrap(value)
    while value.type == "call" and _call_parts(flow, value)[1] in ("freeze", "squish", "strip"):
        receiver = value.child_by_field_name("receiver")
        if receiver is None:
            return None
        value = flow._unwrap(receiver)
    return _template_text(flow, value)
