"""String literals as each grammar writes them, for the secrets checks: where a literal's content lies
(without prefix, quotes or heredoc tags), whether it has holes filled at run time, and the variable,
key, field or keyword it is the value of (which names the environment variable of a fix)."""

from __future__ import annotations

import re
from itertools import pairwise

import tree_sitter

from .. import languages
from .base import FileContext
from .config_keys import config_env_name

# Holes filled at run time: f-strings, template literals, Ruby/C#/Kotlin `#{…}`, `{…}`, `${…}`.
DYNAMIC_PARTS = frozenset({"interpolation", "template_substitution"})
# PHP's "…" and heredocs hold their holes (`$name`, `{$a->b}`, `$a[0]`) as expressions among the text.
_PHP_INTERPOLATING = frozenset({"encapsed_string", "heredoc"})
_PHP_TEXT = frozenset({"string_content", "escape_sequence"})
COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})
STRING_TYPES = frozenset(
    {
        "string",
        "template_string",
        "interpreted_string_literal",
        "raw_string_literal",
        "string_literal",
        "encapsed_string",  # PHP "…"
        "verbatim_string_literal",  # C# @"…"
        "interpolated_string_expression",  # C# $"…"
        "multiline_string_literal",  # Kotlin """…"""
    }
)

# The value nodes of configuration grammars that carry their quotes differently: HCL's quote nodes
# are named, a heredoc opens and closes with its identifier, a .env (bash) single-quoted string and
# TOML's triple-quoted strings have no quote nodes at both ends. C#'s raw and interpolated raw
# strings name their quotes too.
_OPENING = frozenset({"string_start", "quoted_template_start", "raw_string_start", "interpolation_quote"})
_CLOSING = frozenset({"string_end", "quoted_template_end", "raw_string_end", "interpolation_quote"})
_TRIPLE_QUOTES = frozenset({'"""', "'''"})
_PHP_HEREDOCS = frozenset({"heredoc", "nowdoc"})
_HEREDOC_BODIES = frozenset({"heredoc_body", "nowdoc_body"})


def literal_range(node: tree_sitter.Node) -> tuple[int, int]:
    """Byte range of a string literal's content, without prefix and quotes (`f"`, `'''`, backticks)."""
    kind = node.type
    if kind in _PHP_HEREDOCS:  # PHP: the lines between `<<<TAG` and `TAG`
        body = next((c for c in node.children if c.type in _HEREDOC_BODIES), None)
        return (body.start_byte, body.end_byte) if body is not None else (node.end_byte, node.end_byte)
    if kind == "heredoc_body":  # Ruby: the body ends with its closing tag (bash's has none inside)
        end = next((c.start_byte for c in node.children if c.type == "heredoc_end"), node.end_byte)
        return node.start_byte, end
    if kind == "verbatim_string_literal" and node.child_count == 0:  # C# @"…", one token
        return node.start_byte + 2, node.end_byte - 1
    if kind == "raw_string_literal" and node.child_count == 1 and node.children[0].type == "string_content":
        return node.children[0].start_byte, node.children[0].end_byte  # Rust r#"…"#: quotes are not nodes
    children = node.children
    if children and children[0].type == "interpolation_start":
        children = children[1:]  # C# `$` / `$@` before the quote
    if len(children) >= 2:
        first, last = children[0], children[-1]
        opens = not first.is_named or first.type in _OPENING
        closes = not last.is_named or last.type in _CLOSING
        if opens and closes:
            return first.end_byte, last.start_byte
        if kind == "heredoc_template":  # HCL: <<EOT ... EOT
            marks = [c for c in children if c.type == "heredoc_identifier"]
            if len(marks) == 2:
                return marks[0].end_byte, marks[1].start_byte
    elif kind == "raw_string" and node.end_byte - node.start_byte >= 2:
        return node.start_byte + 1, node.end_byte - 1
    elif len(children) == 1 and children[0].type in _TRIPLE_QUOTES and node.end_byte - node.start_byte >= 6:
        return node.start_byte + 3, node.end_byte - 3
    return node.start_byte, node.end_byte


def is_docstring(node: tree_sitter.Node) -> bool:
    """A Python string standing alone as a statement: a docstring, whose URLs and `name=value` text are
    documentation examples."""
    return node.type == "string" and node.parent is not None and node.parent.type == "expression_statement"


def is_dynamic(node: tree_sitter.Node) -> bool:
    """f-strings and template literals with substitutions are built at run time, not hardcoded."""
    children = node.children
    if node.type == "heredoc":
        body = next((c for c in children if c.type == "heredoc_body"), None)
        children = body.children if body is not None else []
    if node.type in _PHP_INTERPOLATING:
        return any(c.is_named and c.type not in _PHP_TEXT for c in children)
    return any(child.type in DYNAMIC_PARTS for child in children) or _kotlin_simple_template(children)


_IDENTIFIER_START = re.compile(rb"^[A-Za-z_]")


def _kotlin_simple_template(children: list[tree_sitter.Node]) -> bool:
    """Kotlin's grammar leaves `$name` in a one-line string as two pieces of text, `$` and `name…`."""
    for dollar, following in pairwise(children):
        if (
            dollar.type == "string_content"
            and following.type == "string_content"
            and dollar.end_byte == following.start_byte
            and dollar.text == b"$"
            and _IDENTIFIER_START.match(following.text or b"")
        ):
            return True
    return False


def literal_text(file: FileContext, node: tree_sitter.Node) -> str:
    start, end = literal_range(node)
    return file.data[start:end].decode("utf-8", "replace")


# --------------------------------------------------------------------------- where a literal sits

_RUST_TEST_ATTRIBUTE = re.compile(rb"^#\[(?:cfg\(test\)|(?:tokio::|async_std::)?test\b|rstest\b)")
_RUST_ITEMS = frozenset({"mod_item", "function_item"})


def in_rust_tests(file: FileContext, node: tree_sitter.Node) -> bool:
    """Inside a Rust `#[cfg(test)] mod` or `#[test]` function: test code in a server file, which the
    file's role cannot see."""
    if file.language != "rust":
        return False
    current: tree_sitter.Node | None = node
    while current is not None:
        if current.type in _RUST_ITEMS:
            sibling = current.prev_named_sibling
            while sibling is not None and sibling.type in ("attribute_item", "line_comment", "block_comment"):
                if sibling.type == "attribute_item" and _RUST_TEST_ATTRIBUTE.match(file.data[sibling.start_byte :]):
                    return True
                sibling = sibling.prev_named_sibling
        current = current.parent
    return False


# A pattern's tell-tale syntax: a character class with a count, an escape class, a group.
_PATTERN_SYNTAX = re.compile(r"\[[^\]]{1,40}\][+*{]|\\[dswb]|\(\?[:i]")


def detector_sample(file: FileContext, node: tree_sitter.Node, token: str) -> bool:
    """The token sits in a small group (a tuple, a struct, an array entry) beside a regular expression
    that matches it: a secret detector's table of patterns and the samples that test them."""
    container: tree_sitter.Node | None = node.parent
    for _ in range(6):
        if container is None or container.named_child_count > 12:
            return False
        for literal in _strings_within(container, depth=2):
            if literal.start_byte <= node.start_byte < literal.end_byte:
                continue
            pattern = file.data[literal.start_byte : literal.end_byte].decode("utf-8", "replace")
            pattern = pattern.lstrip("r#@").strip("\"'`#")
            if len(pattern) > 400 or not _PATTERN_SYNTAX.search(pattern):
                continue
            try:
                if re.search(pattern, token):
                    return True
            except re.error:
                continue
        container = container.parent
    return False


def _strings_within(node: tree_sitter.Node, depth: int) -> list[tree_sitter.Node]:
    found = []
    for child in node.named_children:
        if "string" in child.type:
            found.append(child)
        elif depth > 1:
            found.extend(_strings_within(child, depth - 1))
    return found


# Heredocs whose tag says they hold text for people (Markdown, HTML, help): their URLs and
# `password: ...` lines are examples. Ruby `<<~MD`, PHP `<<<HTML`.
_HEREDOC_TAG = re.compile(rb"<<[~-]?<?([\"'`]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_DOCUMENTATION_TAGS = frozenset(
    {"MD", "MARKDOWN", "HTML", "HTM", "DOC", "DOCS", "TEXT", "TXT", "DESC", "DESCRIPTION", "USAGE", "HELP",
     "MESSAGE", "MSG", "EXAMPLE", "EXAMPLES", "README"}
)  # fmt: skip


def documentation_heredoc(file: FileContext, node: tree_sitter.Node) -> bool:
    if node.type in ("heredoc", "nowdoc"):  # PHP: the tag is a child
        opening = file.data[node.start_byte : min(node.end_byte, node.start_byte + 80)]
    elif node.type == "heredoc_body":  # Ruby: the tag ends the line the body starts after
        line_start = file.data.rfind(b"\n", 0, max(0, node.start_byte - 1)) + 1
        opening = file.data[line_start : node.start_byte]
    else:
        return False
    return any(tag.group(2).decode().upper() in _DOCUMENTATION_TAGS for tag in _HEREDOC_TAG.finditer(opening))


# --------------------------------------------------------------------------- names for the fix

_WRAPPERS = frozenset({"expression_list", "literal_element", "parenthesized_expression", "type_conversion_expression"})
_ASSIGNMENTS = frozenset(
    {"assignment", "assignment_expression", "assignment_statement", "short_var_declaration", "operator_assignment"}
)
_DECLARATIONS = frozenset(
    {
        "keyword_argument",
        "default_parameter",
        "typed_default_parameter",
        "variable_declarator",
        "var_spec",
        "const_spec",
        "public_field_definition",
        "required_parameter",
        "optional_parameter",
        "property_declaration",  # C# (name/value), Kotlin (no fields)
        "property_element",  # PHP `private $token = '…'`
        "simple_parameter",  # PHP `$password = '…'` parameter
        "const_element",  # PHP `const KEY = '…'` (no fields)
        "let_declaration",  # Rust
        "const_item",  # Rust
        "static_item",  # Rust
        "value_argument",  # Kotlin `password = "…"` argument (no fields)
        "class_parameter",  # Kotlin constructor default (no fields)
    }
)
_NAME_NODES = frozenset({"identifier", "name", "variable_name", "simple_identifier"})


def assigned_name(file: FileContext, node: tree_sitter.Node) -> str | None:
    """The variable, key, field or keyword a literal is the value of, if any (for the env var name)."""
    if not languages.LANGUAGES[file.language].code:
        # A configuration value is named by its key path (`datasource.url` -> DATASOURCE_URL).
        return config_env_name(file, node)
    child = node
    parent = node.parent
    while parent is not None and parent.type in _WRAPPERS:
        child, parent = parent, parent.parent
    if parent is None:
        return None
    target = _target(file, parent, child)
    if target is None:
        return None
    text = file.text(target)
    if target.type in STRING_TYPES or target.type == "literal_element":
        text = text.strip("\"'`")
    # `self.api_key`, `config["SECRET_KEY"]`, `a, b`: the last identifier-like part names it.
    parts = re.findall(r"[A-Za-z_][A-Za-z0-9_\-.]*", text)
    return parts[-1].split(".")[-1] if parts else None


def _target(file: FileContext, parent: tree_sitter.Node, child: tree_sitter.Node) -> tree_sitter.Node | None:
    """The node naming `child`, the value in `parent`."""
    kind = parent.type
    if kind in _ASSIGNMENTS:
        return parent.child_by_field_name("left") if parent.child_by_field_name("right") == child else None
    if kind in _DECLARATIONS:
        value = parent.child_by_field_name("value") or parent.child_by_field_name("default_value")
        if value == child:
            return parent.child_by_field_name("name") or parent.child_by_field_name("pattern")
        if value is None and parent.named_children[-1] == child:
            return _unfielded_name(parent, child)  # C# and Kotlin declarations, PHP constants
        return None
    if kind == "field_definition" and parent.child_by_field_name("value") == child:
        return parent.child_by_field_name("property")
    if kind in ("pair", "keyed_element", "field_initializer") and parent.child_by_field_name("value") == child:
        return parent.child_by_field_name("key") or parent.child_by_field_name("field")
    if kind in ("array_element_initializer", "infix_expression"):  # PHP `'k' => '…'`, Kotlin `"k" to "…"`
        named = parent.named_children
        if named[-1] == child and len(named) in (2, 3) and named[0].type in STRING_TYPES:
            return named[0]
        return None
    if kind == "argument":
        label = parent.child_by_field_name("name")  # C# `password: "…"`
        return label if label is not None and label != child else _defined_constant(file, parent)
    return None


def _unfielded_name(parent: tree_sitter.Node, value: tree_sitter.Node) -> tree_sitter.Node | None:
    named = parent.child_by_field_name("name")
    if named is not None:
        return named if named != value else None
    for candidate in parent.named_children:
        if candidate.type == "variable_declaration":  # Kotlin `val secret: String = …`
            return next((c for c in candidate.named_children if c.type in _NAME_NODES), None)
        if candidate.type in _NAME_NODES and candidate != value:
            return candidate
    return None


def _defined_constant(file: FileContext, argument: tree_sitter.Node) -> tree_sitter.Node | None:
    """PHP `define('STRIPE_SECRET', '…')`: the constant's name, the literal first argument."""
    arguments = argument.parent
    call = arguments.parent if arguments is not None else None
    if call is None or call.type != "function_call_expression":
        return None
    function = call.child_by_field_name("function")
    listed = [a for a in arguments.named_children if a.type == "argument"] if arguments is not None else []
    if function is None or file.text(function).lower() != "define" or len(listed) < 2 or listed[1] != argument:
        return None
    first = listed[0].named_children
    return first[0] if first and first[0].type in STRING_TYPES else None
