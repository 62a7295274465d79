"""Go's HTTP clients without a timeout (BL207): `http.Client{}` with no `Timeout`, and the package
helpers (`http.Get`, `http.DefaultClient.Do`) that use the default client, which has none."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .common import enclosing


def _go_bound_name(value: tree_sitter.Node | None) -> str | None:
    """The variable a value is stored in: `c := v`, `var c = v`, `c = v`, `s.client = v`."""
    current = value
    while current is not None and current.type in ("unary_expression", "composite_literal", "expression_list"):
        parent = current.parent
        if parent is None:
            return None
        if parent.type in ("short_var_declaration", "assignment_statement"):
            left = parent.child_by_field_name("left")
            return node_bytes(left.named_children[0]).decode() if left is not None and left.named_children else None
        if parent.type == "var_spec":
            name = parent.child_by_field_name("name")
            return node_bytes(name).decode() if name is not None else None
        current = parent
    return None


_GO_TIMEOUT_CONTEXT = re.compile(rb"WithTimeout|WithDeadline")


@check("go_client_lacks_timeout")
def go_client_lacks_timeout(match: MatchContext) -> bool:
    fields = match.node("_fields")
    file = match.file
    if "go_default_timeout" not in file.cache:
        file.cache["go_default_timeout"] = re.search(rb"http\.DefaultClient\.Timeout\s*=", file.data) is not None
    if fields is not None:
        match.message_args["what"] = "`http.Client{}` without `Timeout`"
        for element in fields.named_children:
            if element.type == "keyed_element":
                key = element.named_children[0] if element.named_children else None
                if key is not None and node_bytes(key).strip() == b"Timeout":
                    return False
        # `client := &http.Client{}` followed by `client.Timeout = ...`
        name = _go_bound_name(match.node("finding"))
        if name is None:
            return True
        scope = enclosing(fields, ("function_declaration", "method_declaration", "func_literal")) or file.tree.root_node
        assigned = re.compile(rb"\b" + re.escape(name.encode()) + rb"\.Timeout\s*=[^=]")
        return assigned.search(file.data[scope.start_byte : scope.end_byte]) is None
    if file.cache["go_default_timeout"]:
        return False
    handed = match.node("_handed")
    if handed is not None:
        around = enclosing(handed, ("function_declaration", "method_declaration", "func_literal"))
        if around is not None and _GO_TIMEOUT_CONTEXT.search(file.data[around.start_byte : around.end_byte]):
            return False  # the requests it is handed to carry a deadline of their own
        match.message_args["what"] = "`http.DefaultClient` is handed on to send requests with, and it has none"
        return True
    function = match.text(match.node("_fn"))
    match.message_args["what"] = (
        f"`http.{'DefaultClient.' if match.node('_client') else ''}{function}()` uses a client with no timeout"
    )
    if function == "Do":
        call = match.node("finding")
        functions = ("function_declaration", "method_declaration", "func_literal")
        caller = enclosing(call, functions) if call is not None else None
        if caller is not None and _GO_TIMEOUT_CONTEXT.search(file.data[caller.start_byte : caller.end_byte]):
            return False  # the request carries a deadline of its own
    return True
