"""The `secret-to-env` fix: replace a hardcoded secret with an environment lookup.

The secrets checks record in `fix_data` the literal's byte range, whether the secret is the whole
literal, and the environment variable name (from the variable or key, else from the provider). The
fix is offered only where the replacement is certain: never for part of a literal, never where the
language needs a constant (a Go `const`, a Java annotation or `case` label, a TypeScript type, a C#
`const` or attribute, a Kotlin `const val`, a PHP class constant or property default), never in Rust.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from .base import Edit, FileAppend, Fix, FixRequest, fixer

ENV_EXAMPLE = ".env.example"
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,79}$")


@fixer("secret-to-env")
def secret_to_env(request: FixRequest) -> Fix | None:
    finding = request.finding
    analysis = request.analysis
    data = finding.fix_data
    name = data.get("env_name", "")
    literal = data.get("literal")
    if not data.get("whole_literal") or not literal or not _ENV_NAME.match(name or ""):
        return None
    tree = analysis.tree
    if tree is None or analysis.source is None:
        return None
    node = _node_at(tree, int(literal[0]), int(literal[1]))
    if node is None:
        return None
    source: bytes = analysis.source.data
    build = _BUILDERS.get(analysis.language)
    if build is None:
        return None
    edits = build(node, name, source, tree)
    if not edits:
        return None
    return Fix(
        title=f"Read {name} from the environment (and rotate the exposed credential)",
        edits=edits,
        appends=[FileAppend(ENV_EXAMPLE, f"{name}=")],
        safe=False,  # the program now needs the variable set: a person decides when
    )


def _node_at(tree: tree_sitter.Tree, start: int, end: int) -> tree_sitter.Node | None:
    node = tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and (node.start_byte, node.end_byte) != (start, end):
        if node.start_byte < start or node.end_byte > end:
            return None
        node = node.parent
    return node


def _ancestors(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    current = node.parent
    while current is not None:
        yield current
        current = current.parent


# --------------------------------------------------------------------------- Python


def _python(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string", "concatenated_string"):
        return None
    if node.parent is not None and node.parent.type == "concatenated_string":
        return None  # one piece of a longer literal
    if any(a.type == "type" for a in _ancestors(node)):
        return None
    module = tree.root_node
    lookup, import_edit = _python_environ(module, source)
    if lookup is None:
        return None
    expression = f'{lookup}["{name}"]'
    first = node if node.type == "string" else node.named_children[0]
    prefix = source[first.start_byte : first.start_byte + 3].lower()
    if prefix[:1] == b"b" or prefix[:2] in (b"rb", b"br"):
        expression += ".encode()"  # the literal was bytes: keep the type the caller expects
    edits = [Edit(node.start_byte, node.end_byte, expression)]
    if import_edit is not None:
        edits.append(import_edit)
    return edits


def _python_environ(module: tree_sitter.Node, source: bytes) -> tuple[str | None, Edit | None]:
    """How this module reaches os.environ, and the import to add when it cannot yet."""
    for statement in module.named_children:
        text = source[statement.start_byte : statement.end_byte].decode("utf-8", "replace")
        if statement.type == "import_statement":
            for child in statement.named_children:
                if child.type == "dotted_name" and source[child.start_byte : child.end_byte].split(b".")[0] == b"os":
                    return "os.environ", None
                if child.type == "aliased_import":
                    target = child.child_by_field_name("name")
                    alias = child.child_by_field_name("alias")
                    if (
                        target is not None
                        and alias is not None
                        and source[target.start_byte : target.end_byte] == b"os"
                    ):
                        return f"{source[alias.start_byte : alias.end_byte].decode()}.environ", None
        elif (
            statement.type == "import_from_statement"
            and re.match(r"from\s+os\s+import\b", text)
            and re.search(r"\benviron\b(?!\s+as)", text)
        ):
            return "environ", None
    return "os.environ", Edit(*_python_import_position(module), "import os\n")


def _python_import_position(module: tree_sitter.Node) -> tuple[int, int]:
    """Before the first import (after `from __future__` ones), else before the first statement
    that is not the module docstring."""
    statements = module.named_children
    after_future = None
    for statement in statements:
        if statement.type == "future_import_statement":
            after_future = statement
    if after_future is not None:
        index = statements.index(after_future) + 1
        if index < len(statements):
            start = statements[index].start_byte
            return start, start
    for statement in statements:
        if statement.type in ("import_statement", "import_from_statement"):
            return statement.start_byte, statement.start_byte
    for statement in statements:
        if statement.type == "comment":
            continue
        if (
            statement.type == "expression_statement"
            and statement.named_children
            and statement.named_children[0].type == "string"
        ):
            continue
        return statement.start_byte, statement.start_byte
    return 0, 0


# --------------------------------------------------------------------------- JavaScript / TypeScript

_JS_TYPE_CONTEXTS = frozenset({"literal_type", "type_annotation", "predefined_type", "union_type", "enum_body"})
_JS_MODULE_SOURCES = frozenset({"import_statement", "export_statement", "import_clause"})


def _javascript(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string", "template_string", "binary_expression"):
        return None
    parent = node.parent
    if parent is None or parent.type in _JS_TYPE_CONTEXTS:
        return None
    if parent.type in _JS_MODULE_SOURCES or (
        parent.type == "call_expression" and _callee_is(parent, source, b"require")
    ):
        return None
    if parent.type == "pair" and parent.child_by_field_name("key") == node:
        return None
    expression = f"process.env.{name}"
    if parent.type == "jsx_attribute":
        expression = "{" + expression + "}"
    return [Edit(node.start_byte, node.end_byte, expression)]


def _callee_is(call: tree_sitter.Node, source: bytes, name: bytes) -> bool:
    function = call.child_by_field_name("function")
    return function is not None and source[function.start_byte : function.end_byte] == name


# --------------------------------------------------------------------------- Go


def _go(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("interpreted_string_literal", "raw_string_literal", "binary_expression"):
        return None
    for ancestor in _ancestors(node):
        if ancestor.type in ("const_spec", "const_declaration", "import_spec", "field_declaration"):
            return None  # os.Getenv is not a constant; import paths and struct tags are not values
    package, import_edit = _go_os_import(tree.root_node, source)
    if package is None:
        return None
    edits = [Edit(node.start_byte, node.end_byte, f'{package}.Getenv("{name}")')]
    if import_edit is not None:
        edits.append(import_edit)
    return edits


def _go_os_import(root: tree_sitter.Node, source: bytes) -> tuple[str | None, Edit | None]:
    declarations = [c for c in root.named_children if c.type == "import_declaration"]
    for declaration in declarations:
        for spec in _go_specs(declaration):
            path = spec.child_by_field_name("path")
            if path is None or source[path.start_byte : path.end_byte].strip(b'"`') != b"os":
                continue
            alias = spec.child_by_field_name("name")
            if alias is None:
                return "os", None
            alias_text = source[alias.start_byte : alias.end_byte].decode()
            return (None, None) if alias_text in ("_", ".") else (alias_text, None)
    if not declarations:
        package = next((c for c in root.named_children if c.type == "package_clause"), None)
        if package is None:
            return None, None
        return "os", Edit(package.end_byte, package.end_byte, '\n\nimport "os"')
    first = declarations[0]
    spec_list = next((c for c in first.named_children if c.type == "import_spec_list"), None)
    if spec_list is None:
        return "os", Edit(first.end_byte, first.end_byte, '\nimport "os"')
    specs = [c for c in spec_list.named_children if c.type == "import_spec"]
    if not specs:
        return None, None
    # Standard library group: the specs before the first blank line. Keep it sorted, as gofmt would.
    group = [specs[0]]
    for spec in specs[1:]:
        if spec.start_point.row - group[-1].end_point.row > 1:
            break
        group.append(spec)
    for spec in group:
        path = spec.child_by_field_name("path")
        if path is not None and source[path.start_byte : path.end_byte].strip(b'"`') > b"os":
            indent = _indent_of(spec, source)
            line_start = spec.start_byte - len(indent)
            return "os", Edit(line_start, line_start, f'{indent.decode()}"os"\n')
    last = group[-1]
    indent = _indent_of(last, source)
    return "os", Edit(last.end_byte, last.end_byte, f'\n{indent.decode()}"os"')


def _go_specs(declaration: tree_sitter.Node) -> list[tree_sitter.Node]:
    out = []
    for child in declaration.named_children:
        if child.type == "import_spec":
            out.append(child)
        elif child.type == "import_spec_list":
            out.extend(c for c in child.named_children if c.type == "import_spec")
    return out


def _indent_of(node: tree_sitter.Node, source: bytes) -> bytes:
    line_start = source.rfind(b"\n", 0, node.start_byte) + 1
    return source[line_start : node.start_byte]


# --------------------------------------------------------------------------- Java

_JAVA_CONSTANT_CONTEXTS = frozenset(
    {
        "annotation",
        "marker_annotation",
        "annotation_argument_list",
        "element_value_pair",
        "switch_label",
        "annotation_type_element_declaration",
    }
)


def _java(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string_literal", "binary_expression"):
        return None
    if any(a.type in _JAVA_CONSTANT_CONTEXTS for a in _ancestors(node)):
        return None  # annotations and case labels need compile-time constants
    return [Edit(node.start_byte, node.end_byte, f'System.getenv("{name}")')]


# --------------------------------------------------------------------------- PHP

# Where PHP needs a constant expression: class and namespace constants, property defaults, parameter
# defaults, static variables, enum cases, attributes.
_PHP_CONSTANT_CONTEXTS = frozenset(
    {
        "const_declaration",
        "const_element",
        "property_element",
        "property_declaration",
        "simple_parameter",
        "property_promotion_parameter",
        "static_variable_declaration",
        "enum_case",
        "attribute",
    }
)


def _php(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string", "encapsed_string", "heredoc", "nowdoc", "binary_expression"):
        return None
    if any(a.type in _PHP_CONSTANT_CONTEXTS for a in _ancestors(node)):
        return None  # getenv() is not a constant expression
    return [Edit(node.start_byte, node.end_byte, f"getenv('{name}')")]


# --------------------------------------------------------------------------- C#

# Where C# needs a compile-time constant: attribute arguments, parameter defaults, case labels and
# patterns, enum members (and `const` declarations, checked by their modifier).
_CSHARP_CONSTANT_CONTEXTS = frozenset(
    {
        "attribute",
        "attribute_argument",
        "parameter",
        "constant_pattern",
        "case_switch_label",
        "switch_expression_arm",
        "is_pattern_expression",
        "enum_member_declaration",
    }
)
_CSHARP_USING_SYSTEM = re.compile(rb"(?m)^\s*(?:global\s+)?using\s+System\s*;")


def _csharp(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string_literal", "verbatim_string_literal", "raw_string_literal", "binary_expression"):
        return None
    for ancestor in _ancestors(node):
        if ancestor.type in _CSHARP_CONSTANT_CONTEXTS or _csharp_const(ancestor, source):
            return None
    # `Environment` resolves through `using System;`; without it (implicit usings are project
    # settings this file does not show) the qualified name is certain.
    environment = "Environment" if _CSHARP_USING_SYSTEM.search(source) else "System.Environment"
    return [Edit(node.start_byte, node.end_byte, f'{environment}.GetEnvironmentVariable("{name}")')]


def _csharp_const(node: tree_sitter.Node, source: bytes) -> bool:
    return node.type in ("field_declaration", "local_declaration_statement") and any(
        c.type == "modifier" and source[c.start_byte : c.end_byte] == b"const" for c in node.children
    )


# --------------------------------------------------------------------------- Ruby


def _ruby(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string", "chained_string", "binary"):
        return None  # a heredoc's body lies apart from its opening `<<~TAG`
    if node.parent is not None and node.parent.type == "chained_string":
        return None  # one piece of a longer literal
    return [Edit(node.start_byte, node.end_byte, f'ENV.fetch("{name}")')]


# --------------------------------------------------------------------------- Kotlin


def _kotlin(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    if node.type not in ("string_literal", "multiline_string_literal", "binary_expression"):
        return None
    for ancestor in _ancestors(node):
        if ancestor.type in ("annotation", "annotated_expression", "file_annotation"):
            return None  # annotation arguments are compile-time constants
        if ancestor.type == "property_declaration" and _kotlin_const(ancestor, source):
            return None  # `const val` needs a constant
    return [Edit(node.start_byte, node.end_byte, f'System.getenv("{name}")')]


def _kotlin_const(declaration: tree_sitter.Node, source: bytes) -> bool:
    modifiers = next((c for c in declaration.named_children if c.type == "modifiers"), None)
    return modifiers is not None and any(
        c.type == "property_modifier" and source[c.start_byte : c.end_byte] == b"const"
        for c in modifiers.named_children
    )


# Rust has no builder: `std::env::var` returns a `Result<String, _>`, so a `&str` literal's place
# needs a different type and a `?` or `expect` the function may not allow; no rewrite is certain.


def _config_reference(node: tree_sitter.Node, name: str, source: bytes, tree: tree_sitter.Tree) -> list[Edit] | None:
    """`${NAME}`, which Spring Boot (YAML and .properties) and Compose read from the environment (the
    check offers the fix only in such files, for a value that is its node's whole text)."""
    return [Edit(node.start_byte, node.end_byte, "${" + name + "}")]


_BUILDERS = {
    "python": _python,
    "javascript": _javascript,
    "typescript": _javascript,
    "tsx": _javascript,
    "go": _go,
    "java": _java,
    "php": _php,
    "csharp": _csharp,
    "ruby": _ruby,
    "kotlin": _kotlin,
    "yaml": _config_reference,
    "properties": _config_reference,
}
