"""PHP's SQL flow: `.` joins strings, `"...$x..."` / `{$x->y}` and heredocs interpolate, `sprintf`
formats, and values are made safe by casts (`(int) $id`), `intval`, the driver's quoting
(`$pdo->quote`, `real_escape_string`, `esc_sql`, `$wpdb->prepare`) or placeholder lists built from a
count (`implode(',', array_fill(0, count($ids), '?'))`).

Variables are `variable_name` nodes whose text keeps the `$`; class constants (`self::TABLE`), global
constants (`DB_PREFIX`) and class properties with a literal default (`protected $table = 'users'`)
are read from this file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import tree_sitter

from ... import languages
from ..built import CONST, DYNAMIC, NUMERIC, SAFE, Built, Part, worst
from ..profile import Piece, Profile
from ..sql_text import placeholder_list_text

if TYPE_CHECKING:  # classify imports this module (through profiles): only the types are read here
    from ..classify import QueryFlow
    from ..literals import LiteralReader

_ASSIGN = """
(assignment_expression left: (variable_name) @name right: (_) @value) @_stmt
(augmented_assignment_expression left: (variable_name) @name operator: ".=" right: (_) @value) @_aug
(assignment_expression left: (subscript_expression . (variable_name) @name) right: (_) @value) @_item
(function_call_expression function: (name) @_m
      arguments: (arguments . (argument (variable_name) @name) (argument (_) @value))
      (#any-of? @_m "array_push" "array_unshift")) @_item
(foreach_statement . (_) @value . [(variable_name) @name (pair (variable_name) @name)
                                  (pair (_) . (variable_name) @name .)]) @_loop
"""

_FUNCTIONS = frozenset({"function_definition", "method_declaration", "anonymous_function", "arrow_function"})
_CALLS = frozenset(
    {"function_call_expression", "member_call_expression", "nullsafe_member_call_expression", "scoped_call_expression"}
)
_MEMBERS = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
_STRINGS = frozenset({"string", "encapsed_string", "heredoc", "nowdoc"})
# Global and class constants: the flow reads them as string pieces (see `_string_pieces`).
_CONSTANTS = frozenset({"name", "class_constant_access_expression"})
_LITERALS = frozenset({"integer", "float", "boolean", "null"})

# Functions and methods whose result is a number (PHP function names ignore case).
_NUMERIC_CALLS = re.compile(
    r"(?i)^(?:intval|floatval|doubleval|boolval|absint|count|sizeof|strlen|mb_strlen|abs|round|floor|ceil|"
    r"max|min|array_sum|intdiv|fmod|time|hrtime|mktime|strtotime|rand|mt_rand|random_int|crc32|ord|filesize|"
    r"is_\w+|in_array|array_key_exists|getId|getKey|getCount|getTimestamp|lastInsertId|insert_id|rowCount|"
    r"affected_rows|num_rows|numRows|columnCount)$"
)
# The driver's and frameworks' quoting and escaping, identifier wrapping, and schema metadata.
_SAFE_CALLS = re.compile(
    r"(?i)^(?:quote|quoteIdentifier|quoteName|quoteColumnName|quoteTableName|quoteSingleIdentifier|quoteInto|"
    r"qstr|escape|escape_str|escapeString|escape_string|real_escape_string|mysqli_real_escape_string|"
    r"mysql_real_escape_string|pg_escape_string|pg_escape_literal|pg_escape_identifier|sqlite_escape_string|"
    r"esc_sql|_escape|_real_escape|escape_identifiers|escapeIdentifier|protect_identifiers|pSQL|bqSQL|"
    r"wrap|wrapTable|getTable|getTableName|getTablePrefix|getKeyName|getQualifiedKeyName|getForeignKeyName|"
    r"getMorphClass|sanitize_key|sanitize_sql_orderby|md5|sha1|hash|uniqid|bin2hex|date|gmdate|"
    r"toDateString|toDateTimeString|toIso8601String|toAtomString)$"
)
# String functions whose result is as risky as their inputs.
_PASSTHROUGH = frozenset(
    {
        "trim", "rtrim", "ltrim", "chop", "strtolower", "strtoupper", "mb_strtolower", "mb_strtoupper", "ucfirst",
        "lcfirst", "ucwords", "substr", "mb_substr", "strval", "str_pad", "str_replace", "str_ireplace",
        "preg_replace", "stripslashes", "addslashes", "htmlspecialchars", "htmlentities", "strip_tags",
        "sanitize_text_field", "wp_unslash", "urldecode", "rawurldecode", "strrev", "str_repeat",
        "array_values", "array_unique", "array_filter", "array_merge", "array_slice",
    }
)  # fmt: skip
# Request input: superglobals and the frameworks' request objects.
_SUPERGLOBALS = frozenset({"_GET", "_POST", "_REQUEST", "_COOKIE", "_SERVER", "_FILES", "_ENV", "_SESSION"})
_REQUEST_RECEIVER = re.compile(r"(?i)(?:^\$|->|^)(?:request|input|req|params|query)$|^(?:Request|Input|Tools)$")
# Configuration read by key: what the deployment or an administrator set, not the caller.
_CONFIG_RECEIVER = re.compile(r"(?i)(?:^\$|->)(?:config|settings?|options)$|^Config$")
# Placeholder text made by a helper (`$this->bindParamArray(...)`, `$bindIds`, `placeholders($ids)`)
# and a table prefix from the configuration (`$db_prefix`, `$this->options['prefix']`): named for it.
_PLACEHOLDER_HELPER = re.compile(r"(?i)^bind|placeholder|qmarks?$|^marks$")
_PREFIX_NAME = re.compile(r"(?i)^(?:db_?|table_?|tbl_?)?prefix$")
# Calls that read input or state even when given only literals: `$request->get('id')`, `old('q')`.
_INPUT_ACCESSOR = re.compile(
    r"(?i)param|query|arg|input|header|cookie|form|body|field|getenv|environ|prompt|read|^get$|^post$|request"
    r"|session|^old$|^val$|value|fetch|find|first|pluck|json|content|file"
)
# WordPress's database handle, whose properties are its table names and prefix (`$wpdb->posts`,
# `$this->get_db()->edd_orders`).
_DB_HANDLE = re.compile(r"^\$wpdb$|->(?:get_?db|getDb)\(\)$|^(?:\$this->)?wpdb$")
# A clause kept by name: `$sql_clauses['groupby']`, `$parts['where']`.
_CLAUSE_KEY = re.compile(r"(?i)^(?:select|where|join|joins|group_?by|order_?by|having|fields)$")
_CONFIG_FUNCTIONS = frozenset({"config", "env", "getenv", "get_option", "get_site_option", "constant", "__", "trans"})
# Placeholder lists built from a count: `implode(',', array_fill(0, count($ids), '?'))`,
# `rtrim(str_repeat('?,', count($ids)), ',')`, `implode(', ', array_map(fn() => '%d', $ids))`.
_PLACEHOLDER_BUILDERS = re.compile(r"(?i)\b(?:array_fill|str_repeat|array_pad|array_map)\s*\(")
_PLACEHOLDER_LITERAL = re.compile(r"^\s*(?:[?,\s()]|%[sdf]|:\w+)*\s*$")
_STRING_LITERAL = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n$]|\\.)*)\"")
# A date format given to DateTime/Carbon `->format(...)`: letters, digits and separators only.
_DATE_FORMAT = re.compile(r"^[\"'][A-Za-z0-9 :./_\-\\]*[\"']$")
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


def _text(flow: LiteralReader, node: tree_sitter.Node | None) -> str:
    return flow.text(node) if node is not None else ""


# --- string literals --------------------------------------------------------------------------------


def _unescape_single(raw: str) -> str:
    return raw.replace("\\\\", "\\").replace("\\'", "'")


def _string_pieces(reader: LiteralReader, node: tree_sitter.Node) -> list[Piece] | None:
    """Single-quoted strings and nowdocs are plain text; double-quoted strings and heredocs hold
    `$x`, `$x->y`, `$x[k]` and `{...}` holes between their text pieces. A constant reads as its text
    when this file declares it, and a prefix or table constant declared elsewhere (`DB_PREFIX .
    "product"`) as its name: either way part of the SQL the code wrote, so a name spliced right after
    it is seen as one identifier. Other constants are holes (None)."""
    if node.type in _CONSTANTS:
        return _constant_pieces(reader, node)
    if node.type == "string":
        raw = reader.text(node)
        if raw[:1] in ("b", "B"):
            raw = raw[1:]
        return [("text", _unescape_single(raw[1:-1]), "'")]
    if node.type == "nowdoc":
        body = node.child_by_field_name("value")
        return [("text", reader.text(body) if body is not None else "", "'")]
    container = node.child_by_field_name("value") if node.type == "heredoc" else node
    pieces: list[Piece] = []
    if container is None:
        return pieces
    for child in container.children:
        if child.type == "string_content":
            pieces.append(("text", reader.text(child), '"'))
        elif child.type == "escape_sequence":
            escaped = reader.text(child)
            pieces.append(("text", escaped[1:] if escaped in ("\\$", '\\"', "\\\\") else escaped, '"'))
        elif child.is_named and child.type != "comment":
            pieces.append(("hole", child, ""))
    return pieces


def _constant_pieces(reader: LiteralReader, node: tree_sitter.Node) -> list[Piece] | None:
    own = node.type == "name" or re.match(r"^(?:self|static)::", reader.text(node)) is not None
    key = _constant_key(reader, node)
    text = _constant_text(reader, _declared(reader).get(key)) if own else None
    if text is None and _NAME_CONSTANT.search(key):
        text = key
    return [("text", text, "")] if text is not None else None


# --- format functions -------------------------------------------------------------------------------


# sprintf's conversions: `%s`, `%05.2f`, `%1$s`, and `%'*10s` (a custom padding character).
_PRINTF_VERB = re.compile(r"%(?:(\d+)\$)?[-+ 0]*(?:'.)?[-+ 0]*(?:\d+)?(?:\.\d+)?([bcdeEfFgGhHosuxX%])")
_NUMERIC_VERBS = frozenset("bcdeEfFgGhHouxX")


def _call_arguments(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The argument expressions of a call, read through `argument` wrappers (after a named
    argument's name); a spread `...$xs` is its `variadic_unpacking` node."""
    arguments = node.child_by_field_name("arguments")
    if arguments is None:
        return []
    return [c.named_children[-1] for c in arguments.named_children if c.type == "argument" and c.named_children]


def _function_name(flow: QueryFlow, node: tree_sitter.Node) -> str:
    if node.type != "function_call_expression":
        return ""
    function = node.child_by_field_name("function")
    return _text(flow, function).lstrip("\\").lower() if function is not None else ""


def _template(flow: QueryFlow, node: tree_sitter.Node) -> tuple[str, tree_sitter.Node] | None:
    """A format string's text: a literal here, a local assigned one once, or a constant of this file."""
    node = flow._unwrap(node)
    if node.type in _STRINGS and flow._plain_string(node):
        return "".join(p[1] for p in _string_pieces(flow, node) or [] if p[0] == "text"), node
    value = None
    if node.type == "variable_name":
        definitions = flow.definitions(flow.text(node), node)
        if len(definitions) == 1 and not definitions[0][1]:
            value = flow._unwrap(definitions[0][0])
    elif node.type in ("name", "class_constant_access_expression"):
        value = _declared(flow).get(_constant_key(flow, node))
    if value is not None and value.type in _STRINGS and flow._plain_string(value):
        return "".join(p[1] for p in _string_pieces(flow, value) or [] if p[0] == "text"), value
    return None


def _expandable(flow: QueryFlow, node: tree_sitter.Node) -> bool:
    """`_expand_call` reads this call into pieces (so classifying it may flatten it)."""
    name = _function_name(flow, node)
    args = _call_arguments(node)
    if name in ("sprintf", "vsprintf"):
        return bool(args) and args[0].type != "variadic_unpacking" and _template(flow, args[0]) is not None
    if name in ("implode", "join") and len(args) == 2:
        separator, array = flow._unwrap(args[0]), flow._unwrap(args[1])
        return (
            array.type == "array_creation_expression"
            and separator.type in _STRINGS
            and flow._plain_string(separator)
            and not any(e.type == "variadic_unpacking" for e in _array_values(array))
        )
    return False


def _expand_call(flow: QueryFlow, node: tree_sitter.Node, level: int, built: Built, stack: list[Any]) -> bool:
    """`sprintf` / `vsprintf` with a known format, and `implode` of an array written out in place."""
    if not _expandable(flow, node):
        return False
    name = _function_name(flow, node)
    args = _call_arguments(node)
    if name in ("sprintf", "vsprintf"):
        template = _template(flow, args[0])
        if template is None:  # never: _expandable read it
            return False
        values: list[tree_sitter.Node] = args[1:]
        array = flow._unwrap(args[1]) if name == "vsprintf" and len(args) > 1 else None
        if name == "vsprintf":
            # Values not written out in place: each conversion is a hole of unknown kind.
            values = _array_values(array) if array is not None and array.type == "array_creation_expression" else []
        built.style = "sprintf()" if built.style == "literal" else built.style
        start = len(stack)
        flow._push_formatted(template[0], template[1], _PRINTF_VERB, values, level, stack)
        for item in stack[start:]:
            part = item[1]
            if item[0] == "part" and part.is_hole and part.node is None and part.spec[-1:] in _NUMERIC_VERBS:
                part.kind = NUMERIC  # `%d` of a value we cannot see still prints a number
        return True
    if name in ("implode", "join"):
        separator, array = flow._unwrap(args[0]), flow._unwrap(args[1])
        elements = _array_values(array)
        built.style = "concatenation" if built.style == "literal" else built.style
        sep_text = "".join(p[1] for p in _string_pieces(flow, separator) or [] if p[0] == "text")
        for index in range(len(elements) - 1, -1, -1):
            stack.append(("node", elements[index], level, ""))
            if index and sep_text:
                stack.append(("part", Part(sep_text, separator, CONST, quote="'"), level, ""))
        return True
    return False


def _array_values(array: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The values of an array literal (`[k => v]` gives v; a spread stays as its own node)."""
    out = []
    for element in array.named_children:
        if element.type != "array_element_initializer":
            continue
        children = [c for c in element.named_children if c.type != "comment"]
        if children:
            out.append(children[-1])
    return out


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


def _constant_text(flow: LiteralReader, value: tree_sitter.Node | None) -> str | None:
    if value is None:
        return None
    value = flow._unwrap(value)
    if value.type in _STRINGS and flow._plain_string(value):
        return "".join(p[1] for p in _string_pieces(flow, value) or [] if p[0] == "text")
    return None


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


# --- classifying values -----------------------------------------------------------------------------


def _numeric_cast(node: tree_sitter.Node) -> bool:
    """`node` is the operand of `(int)` / `(float)` / `(bool)` (parentheses between are read through):
    the shared layers read casts through, so the cast is found from the operand."""
    current = node.parent
    while current is not None and current.type == "parenthesized_expression":
        current = current.parent
    if current is None or current.type != "cast_expression":
        return False
    cast = current.child_by_field_name("type")
    return cast is not None and (cast.text or b"").decode().strip().lower() in (
        "int", "integer", "float", "double", "real", "bool", "boolean",
    )  # fmt: skip


def _classify(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    """(kind, constant text) of a PHP value, or None for the shapes the shared rules read (strings)."""
    typ = node.type
    if _numeric_cast(node):
        return NUMERIC, None
    if typ == "cast_expression":
        value = node.child_by_field_name("value")
        cast = _text(flow, node.child_by_field_name("type")).strip().lower()
        if cast in ("int", "integer", "float", "double", "real", "bool", "boolean"):
            return NUMERIC, None
        return (flow.classify(value, level + 1)[0] if value is not None else DYNAMIC), None
    if typ in _LITERALS:
        return CONST, flow.text(node)
    if typ == "variable_name":
        return _classify_variable(flow, node, level)
    if typ in ("name", "class_constant_access_expression"):
        # A global or class constant. Its value is often in another file: a prefix or table name
        # (`DB_PREFIX . "product"`) still reads as part of one identifier.
        own = typ == "name" or re.match(r"^(?:self|static)::", flow.text(node)) is not None
        key = _constant_key(flow, node)
        text = _constant_text(flow, _declared(flow).get(key)) if own else None
        return CONST, (key if text is None and _NAME_CONSTANT.search(key) else text)
    if typ == "scoped_property_access_expression":
        name = node.child_by_field_name("name")
        own = re.match(r"^(?:self|static)::", flow.text(node)) is not None
        return _property(flow, _text(flow, name).lstrip("$")) if name is not None and own else (DYNAMIC, None)
    if typ in _MEMBERS:
        return _classify_member(flow, node)
    if typ == "subscript_expression":
        return _classify_subscript(flow, node, level), None
    if typ == "binary_expression":
        return _classify_binary(flow, node, level)
    if typ == "unary_op_expression":
        operand = node.child_by_field_name("argument")
        inner = flow.classify(operand, level + 1)[0] if operand is not None else DYNAMIC
        return (CONST if inner == CONST else NUMERIC), None  # -x, +x, ~x are numbers; !x a boolean
    if typ == "conditional_expression":
        branches = [
            node.child_by_field_name("body") or node.child_by_field_name("condition"),  # `$a ?: $b`
            node.child_by_field_name("alternative"),
        ]
        classified = [flow.classify(b, level + 1) for b in branches if b is not None]
        kind = worst(*(k for k, _ in classified))
        return kind, (classified[0][1] if classified and kind == CONST else None)
    if typ == "match_expression":
        body = node.child_by_field_name("body")
        arms = [
            arm.child_by_field_name("return_expression")
            for arm in (body.named_children if body is not None else [])
            if arm.type in ("match_conditional_expression", "match_default_expression")
        ]
        return worst(*(flow.classify(a, level + 1)[0] for a in arms if a is not None)), None
    if typ in _CALLS:
        return _classify_call(flow, node, level)
    if typ == "array_creation_expression":
        return worst(*(flow.classify(v, level + 1)[0] for v in _array_values(node))), None
    if typ in _STRINGS:
        return None  # read by the shared rules through `_string_pieces`
    return DYNAMIC, None


def _classify_variable(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    name = flow.text(node)
    bare = name[1:]
    if bare in _SUPERGLOBALS or bare == "this":
        return DYNAMIC, None
    from ..classify import _PLACEHOLDER_NAME, _SQL_TEXT_NAME  # here: classify imports this module

    if _PLACEHOLDER_NAME.search(bare) or _PLACEHOLDER_HELPER.search(bare) or _PREFIX_NAME.match(bare):
        return SAFE, None
    definitions = flow.definitions(name, node) if level < flow.MAX_DEPTH else []
    if not definitions and _SQL_TEXT_NAME.search(bare) and flow.is_parameter(name, node):
        return SAFE, None  # SQL text handed in by the caller (`$whereSql`): judged where it is built
    if (
        definitions
        and _SQL_TEXT_NAME.search(bare)
        and all(_composing_call(flow, flow._unwrap(base)) for base, appends, _stmt in definitions if not appends)
        and not any(appends for _base, appends, _stmt in definitions)
    ):
        # `$date_sql = $this->generate_date_query_sql()`: a clause the code's own helper composed (its
        # values were judged where it was built), as WordPress queries put prepared fragments together
        return SAFE, None
    result: tuple[str, str | None] = flow._classify_name(node, level)
    return result


def _composing_call(flow: QueryFlow, node: tree_sitter.Node) -> bool:
    """A call of the code's own (not one that reads the request)."""
    if node.type not in _CALLS or from_request_text(flow.text(node)):
        return False
    owner = node.child_by_field_name("object") or node.child_by_field_name("scope")
    return owner is None or not _REQUEST_RECEIVER.search(flow.text(owner))


def from_request_text(text: str) -> bool:
    """Request input read in place: superglobals, `request(...)`, `filter_input(...)`."""
    return (
        re.search(r"\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|^(?:request|filter_input|old)\s*\(", text) is not None
    )


def _classify_member(flow: QueryFlow, node: tree_sitter.Node) -> tuple[str, str | None]:
    owner = node.child_by_field_name("object")
    prop = node.child_by_field_name("name")
    if owner is None or prop is None or prop.type != "name":
        return DYNAMIC, None
    owner_text = flow.text(owner)
    if _PREFIX_NAME.match(flow.text(prop)):
        return SAFE, None  # the configured table prefix
    if owner_text == "$this":
        return _property(flow, flow.text(prop))  # `protected $table = 'users'`, set in the constructor
    if _DB_HANDLE.search(owner_text):
        # WordPress's table names and prefix: `{$wpdb->posts}`, `$wpdb->prefix`
        return CONST, ("wp_" if flow.text(prop) == "prefix" else "wp_" + flow.text(prop))
    return DYNAMIC, None


def _classify_subscript(flow: QueryFlow, node: tree_sitter.Node, level: int) -> str:
    """A lookup in a table of ours (a constant, a class property, a local array of literals) is one
    of our values; anything else read by key is data."""
    children = [c for c in node.named_children if c.type != "comment"]
    if not children:
        return DYNAMIC
    container = children[0]
    if container.type in ("name", "class_constant_access_expression"):
        return CONST
    if flow.guarded(flow.text(node), node):
        return SAFE  # `in_array($data['sort'], $sortable)` earlier in the function
    key = children[-1] if len(children) > 1 else None
    key_text = flow.text(key).strip("'\"") if key is not None and key.type in _STRINGS else ""
    if _PREFIX_NAME.match(key_text):
        return SAFE  # `$config['db_prefix']`: the configured table prefix
    from ..classify import _SQL_TEXT_NAME  # here: classify imports this module

    container_name = re.split(r"->|::|\$", flow.text(container))[-1]
    if (
        _SQL_TEXT_NAME.search(key_text) or _CLAUSE_KEY.match(key_text) or _SQL_TEXT_NAME.search(container_name)
    ) and not (container.type == "variable_name" and (container.text or b"")[1:].decode() in _SUPERGLOBALS):
        return SAFE  # `$this->query_vars['where_sql']`: a clause the code composed and keeps by name
    if container.type in _MEMBERS and _text(flow, container.child_by_field_name("object")) == "$this":
        prop = container.child_by_field_name("name")
        return _property(flow, flow.text(prop))[0] if prop is not None else DYNAMIC
    if container.type == "variable_name" and container.text and container.text[1:].decode() not in _SUPERGLOBALS:
        name = flow.text(container)
        if flow.is_parameter(name, node) or not flow.definitions(name, node):
            return DYNAMIC
        items = flow.list_items(name, node)
        if items:
            kind = worst(*(flow.classify(i, level + 1)[0] for i in items))
            return CONST if kind == CONST else DYNAMIC
    return DYNAMIC


_ARITHMETIC = {"+", "-", "*", "/", "%", "**", "<<", ">>", "&", "|", "^"}
_BOOLEAN = {"==", "!=", "===", "!==", "<>", "<", ">", "<=", ">=", "<=>", "&&", "||", "and", "or", "xor", "instanceof"}


def _classify_binary(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    operator = node.child_by_field_name("operator")
    op = _text(flow, operator)
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    sides = [flow.classify(c, level + 1) for c in (left, right) if c is not None]
    kind = worst(*(k for k, _ in sides))
    if op == ".":
        texts = [t for _, t in sides]
        joined = "".join(t for t in texts if t is not None) if kind == CONST and None not in texts else None
        return kind, joined
    if op in _ARITHMETIC or op in _BOOLEAN:
        return (CONST if kind == CONST else NUMERIC), None  # PHP arithmetic and comparisons yield numbers
    return kind, None  # `??`: either side


def _is_placeholder_list(text: str) -> bool:
    if placeholder_list_text(text):
        return True
    literals = [next(g for g in m.groups() if g is not None) for m in _STRING_LITERAL.finditer(text)]
    return (
        bool(literals)
        and _PLACEHOLDER_BUILDERS.search(text) is not None
        and all(_PLACEHOLDER_LITERAL.match(lit) for lit in literals)
        and any(re.search(r"\?|%[sdf]|:\w", lit) for lit in literals)
    )


def _callable_kind(flow: QueryFlow, callback: tree_sitter.Node, level: int) -> str | None:
    """What a callback given to array_map returns: `'intval'`, `[$pdo, 'quote']`, `fn($id) => (int) $id`."""
    callback = flow._unwrap(callback)
    if callback.type in _STRINGS and flow._plain_string(callback):
        name = flow._literal_text(callback)
        return NUMERIC if _NUMERIC_CALLS.match(name) else SAFE if _SAFE_CALLS.match(name) else None
    if callback.type == "array_creation_expression":
        values = _array_values(callback)
        if len(values) == 2 and values[1].type in _STRINGS and flow._plain_string(values[1]):
            name = flow._literal_text(values[1])
            return NUMERIC if _NUMERIC_CALLS.match(name) else SAFE if _SAFE_CALLS.match(name) else None
    if callback.type == "arrow_function":
        body = callback.child_by_field_name("body")
        return flow.classify(body, level + 1)[0] if body is not None else None
    if callback.type == "anonymous_function":
        body = callback.child_by_field_name("body")
        returned = [
            r.named_children[0]
            for r in (body.named_children if body is not None else [])
            if r.type == "return_statement" and r.named_children
        ]
        return worst(*(flow.classify(r, level + 1)[0] for r in returned)) if returned else None
    return None


def _classify_collection(flow: QueryFlow, collection: tree_sitter.Node, level: int) -> str:
    """The worst element an array can hold: a literal's values, a local's items, a mapped callback's result."""
    collection = flow._unwrap(collection)
    if collection.type == "function_call_expression":
        name = _function_name(flow, collection)
        args = _call_arguments(collection)
        if name == "array_map" and len(args) >= 2:
            kind = _callable_kind(flow, args[0], level)
            return kind if kind is not None else DYNAMIC
        if name == "array_fill" and len(args) == 3:
            return flow.classify(args[2], level + 1)[0]
    if collection.type == "variable_name":
        name = flow.text(collection)
        definitions = flow.definitions(name, collection)
        if len(definitions) == 1 and not definitions[0][1]:
            base = flow._unwrap(definitions[0][0])
            if base.type == "function_call_expression" and _function_name(flow, base) in ("array_map", "array_fill"):
                return _classify_collection(flow, base, level)
        items = flow.list_items(name, collection)
        if items is not None and not flow.is_parameter(name, collection):
            return worst(*(flow.classify(i, level + 1)[0] for i in items)) if items else CONST
    return flow.classify(collection, level + 1)[0]


def _classify_call(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    text = flow.text(node)
    if _is_placeholder_list(text):
        return SAFE, None
    args = _call_arguments(node)
    if node.type == "function_call_expression":
        name = _function_name(flow, node)
        if _expandable(flow, node):
            built = flow._flatten(node, level + 1)
            return built.kind, (built.sql_text() if built.kind == CONST else None)
        if name in ("sprintf", "vsprintf"):
            return worst(*(flow.classify(a, level + 1)[0] for a in args)), None
        if name in ("implode", "join") and args:
            return _classify_collection(flow, args[-1] if len(args) > 1 else args[0], level), None
        if name == "array_map" and len(args) >= 2:
            return _classify_collection(flow, node, level), None
        if _NUMERIC_CALLS.match(name):
            return NUMERIC, None
        if _SAFE_CALLS.match(name):
            return SAFE, None
        if name in _PASSTHROUGH:
            return worst(*(flow.classify(a, level + 1)[0] for a in args)), None
        if name in _CONFIG_FUNCTIONS:
            return SAFE, None  # deployment or site configuration
        if _PLACEHOLDER_HELPER.search(name):
            return SAFE, None
        if _fixed_by_code(flow, name, args, level):
            return CONST, None  # `dateSql('created_at')`: the code decides the text
        return DYNAMIC, None
    method = _text(flow, node.child_by_field_name("name"))
    owner = node.child_by_field_name("object") or node.child_by_field_name("scope")
    owner_text = _text(flow, owner)
    if _NUMERIC_CALLS.match(method):
        return NUMERIC, None
    if method == "prepare":
        return SAFE, None  # WordPress's `$wpdb->prepare` quotes the values it formats in (PDO's is no string)
    from ..classify import _SQL_TEXT_NAME  # here: classify imports this module

    if _SQL_TEXT_NAME.search(method) and _composing_call(flow, node):
        return SAFE, None  # `$this->generate_date_query_sql()`: a clause the code's own helper composed
    if _SAFE_CALLS.match(method):
        return SAFE, None
    if method == "format" and len(args) == 1 and _DATE_FORMAT.match(flow.text(args[0])):
        return SAFE, None  # a date formatted with a fixed pattern
    if method in ("get", "value") and _CONFIG_RECEIVER.search(owner_text) and not _REQUEST_RECEIVER.search(owner_text):
        return SAFE, None
    if _PLACEHOLDER_HELPER.search(method):
        return SAFE, None  # `$this->bindParamArray('id', $ids, $values)`
    if re.match(r"^(?:\$this|self|static|parent)$", owner_text) and _fixed_by_code(flow, method, args, level):
        return CONST, None  # `static::sqlHexDecode(':hash')`: the class's own SQL for its dialect
    return DYNAMIC, None


def _fixed_by_code(flow: QueryFlow, name: str, args: list[tree_sitter.Node], level: int) -> bool:
    """A helper given only constants (literals, arrays of them) decides its result itself; input
    accessors read the request whatever they are given."""
    if not args or _INPUT_ACCESSOR.search(name):
        return False
    return all(flow.classify(a, level + 1)[0] == CONST for a in args)


PROFILE = Profile(
    strings=_STRINGS | _CONSTANTS,
    functions=_FUNCTIONS,
    binary="binary_expression",
    paren="parenthesized_expression",
    call="function_call_expression",
    identifier="variable_name",
    assignments=_ASSIGN,
    numeric_calls=_NUMERIC_CALLS,
    safe_calls=_SAFE_CALLS,
    numeric_params=r"(?<![\w\\])\??(?:int|float|bool)\s+{name}\b",
    guards=(
        r"\bin_array\(\s*{name}\s*,",
        r"\barray_key_exists\(\s*{name}\s*,",
        r"\bisset\(\s*[\w$:>\-]+\[\s*{name}\s*\]",
        r"\bswitch\s*\(\s*{name}\s*\)",
        r"\bpreg_match\(\s*(['\"])\W?\^[^'\"]*\$\W?\w*\1\s*,\s*{name}\s*\)",
        r"\b(?:ctype_digit|ctype_alnum|ctype_alpha|is_numeric|is_int)\(\s*{name}\s*\)",
    ),
    concat_operators=(".",),
    string_pieces=_string_pieces,
    expand_call=_expand_call,
    prepared_sinks=frozenset(
        {"prepare", "mysqli_prepare", "pg_prepare", "sqlsrv_prepare", "odbc_prepare", "db2_prepare", "oci_parse"}
    ),
    fragment_sinks=frozenset(
        {"whereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "selectRaw", "groupByRaw", "raw"}
    ),
    classify=_classify,
    interpolated_style="string interpolation",
)
