"""What a Go call means when the file says so locally: a function passed in as a parameter, a copy
out of memory, a request body validated right after it is bound. Helpers of `go.py`'s dropped-error
rule."""

from __future__ import annotations

import re

import tree_sitter

from ..base import FileContext
from .common import descendants, enclosing

COPIES = frozenset({"io.Copy", "io.CopyN", "io.CopyBuffer"})
_MEMORY_READERS = re.compile(r"^(?:bytes|strings)\.New(?:Reader|Buffer|BufferString)\(")


def copies_from_memory(file: FileContext, call: tree_sitter.Node, memory_names: set[str]) -> bool:
    """`io.Copy(w, &buf)` / `io.Copy(w, strings.NewReader(s))`: the source cannot fail. And
    `io.Copy(io.Discard, resp.Body)`: draining a body so the connection is reused, nothing to keep."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.named_child_count < 2:
        return False
    if file.text(arguments.named_children[0]) in ("io.Discard", "ioutil.Discard"):
        return True
    source = file.text(arguments.named_children[1])
    return bool(_MEMORY_READERS.match(source)) or source.lstrip("&") in memory_names


def writes_to_memory(file: FileContext, call: tree_sitter.Node, memory_names: set[str]) -> bool:
    """`io.WriteString(w, s)` / `fmt.Fprint`-like helpers whose first argument is a buffer, a hash or the
    HTTP response: a buffer cannot fail, and a response only fails when the client has gone."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.named_child_count < 1:
        return False
    target = file.text(arguments.named_children[0]).lstrip("&")
    if target in memory_names:
        return True
    declared = parameter_type(file, call, target)
    return declared is not None and declared.endswith("ResponseWriter")


def parameter_type(file: FileContext, callee: tree_sitter.Node, name: str) -> str | None:
    """The declared type of the enclosing function's parameter `name` (`f http.HandlerFunc`), if it is one."""
    function = enclosing(callee, ("function_declaration", "method_declaration", "func_literal"))
    while function is not None:
        parameters = function.child_by_field_name("parameters")
        for declaration in parameters.named_children if parameters is not None else []:
            names = [c for c in declaration.children_by_field_name("name")]
            declared_type = declaration.child_by_field_name("type")
            if declared_type is not None and any(file.text(n) == name for n in names):
                return file.text(declared_type)
        function = enclosing(function, ("function_declaration", "method_declaration", "func_literal"))
    return None


def func_type_returns_error(func_type: str) -> bool:
    """`func(w, r) error` / `func() (int, error)`: the last result of a written-out function type."""
    return re.search(r"\berror\s*\)?\s*$", func_type) is not None


BINDS = frozenset({"ShouldBind", "ShouldBindJSON", "ShouldBindQuery", "ShouldBindUri", "ShouldBindWith", "Bind"})
_VALIDATION = re.compile(r"\b(?:Verify|Validate|ValidateStruct|validate\.Struct|Struct)\(")


def validated_next(file: FileContext, statement: tree_sitter.Node, call: tree_sitter.Node) -> bool:
    """The statement after a discarded bind validates what was bound."""
    following = statement.next_named_sibling
    arguments = call.child_by_field_name("arguments")
    if following is None or arguments is None or not arguments.named_children:
        return False
    bound = file.text(arguments.named_children[0]).lstrip("&")
    text = file.text(following)
    return _VALIDATION.search(text) is not None and re.search(rf"\b{re.escape(bound)}\b", text) is not None


_WRITES = frozenset({"Write", "WriteString", "WriteByte", "WriteRune", "Flush", "Error"})
_BINDINGS = frozenset({"short_var_declaration", "assignment_statement", "if_statement", "return_statement"})


def write_checked_later(file: FileContext, statement: tree_sitter.Node, callee: tree_sitter.Node) -> bool:
    """`wr.Write(header)` dropped, then `if err := wr.Write(row); err != nil` further on in the same
    function: a broken writer fails the next, checked write too (and csv/bufio writers keep the first
    error and return it again), so the failure is not lost."""
    operand = callee.child_by_field_name("operand")
    if operand is None:
        return False
    writer = file.text(operand)
    function = enclosing(statement, ("function_declaration", "method_declaration", "func_literal"))
    if function is None:
        return False
    for node in descendants(function):
        if node.start_byte <= statement.end_byte or node.type != "call_expression":
            continue
        function_node = node.child_by_field_name("function")
        if function_node is None or function_node.type != "selector_expression":
            continue
        target = function_node.child_by_field_name("operand")
        field = function_node.child_by_field_name("field")
        if target is None or file.text(target) != writer or field is None or file.text(field) not in _WRITES:
            continue
        holder = node.parent
        while holder is not None and holder.type in ("expression_list", "parenthesized_expression"):
            holder = holder.parent
        if holder is None or holder.type not in _BINDINGS:
            continue
        left = holder.child_by_field_name("left")
        if left is None or any(file.text(n) != "_" for n in left.named_children):
            return True  # `if err := wr.Write(row)`, `n, err := ...`, `return wr.Flush()`; not `_ = ...`
    return False


def in_bool_function(node: tree_sitter.Node) -> bool:
    """The statement is in a function whose only result is a bool: an existence check."""
    function = enclosing(node, ("function_declaration", "method_declaration", "func_literal"))
    result = function.child_by_field_name("result") if function is not None else None
    return result is not None and result.text == b"bool"


_TX_READS = frozenset(
    {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Get", "GetContext", "Select", "SelectContext"}
)
_TX_END = frozenset({"Commit", "Rollback"})
_GO_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")


def read_only_transaction(file: FileContext, receiver: str, call: tree_sitter.Node) -> bool:
    """`tx.Commit()` unchecked after a transaction that only read: every call on `tx` in the function
    is a read, and every function of this file it is handed to only reads with it. A failed commit
    then loses nothing (the results were read already)."""
    function = enclosing(call, _GO_FUNCTIONS)
    if function is None or not receiver.isidentifier():
        return False
    body = file.text(function)
    methods = _methods_on(body, receiver)
    for handed in re.finditer(r"(\w+)\(([^()]*)\)", body):
        if not re.search(r"\b" + re.escape(receiver) + r"\b", handed.group(2)) or handed.group(1) in _TX_END:
            continue
        helper = _declared_function(file, handed.group(1))
        parameter = re.search(r"(\w+)\s+\*sql\.Tx\b", helper.split("{", 1)[0]) if helper else None
        if helper is None or parameter is None:
            return False  # handed to code this file does not show
        methods += _methods_on(helper, parameter.group(1))
    return all(m in _TX_READS or m in _TX_END for m in methods) and any(m in _TX_READS for m in methods)


def _methods_on(body: str, name: str) -> list[str]:
    return re.findall(r"\b" + re.escape(name) + r"\.(\w+)\(", body)


def _declared_function(file: FileContext, name: str) -> str | None:
    found = re.search(rb"^func\s+(?:\([^)]*\)\s*)?" + re.escape(name.encode()) + rb"\s*\(.*?^}", file.data, re.M | re.S)
    return found.group(0).decode("utf-8", "replace") if found else None
