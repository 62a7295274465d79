"""Ruby's SQL flow: interpolating strings (`"...#{x}..."`, `%Q(...)`, heredocs), adjacent literals,
`+`, `format` / `sprintf`, `<<` and `+=` appends, arrays joined in place, and the values Ruby code
splices in (constants, `to_i`, `.id`, ActiveRecord's quoting and schema names, ternaries).

ActiveRecord's clause methods (`order`, `group`, `select`, `pluck`) take the text after a keyword
they write themselves; a literal given to them is read with that keyword in front (`ORDER BY ...`),
so that it reads as the SQL it becomes.

Only `built`, `profile`, `sql_text` and `hole_positions` are imported at module level: `profiles`
imports this module while the flow's layers are still being defined.
"""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ... import languages
from ..built import CONST, DYNAMIC, NUMERIC, SAFE, worst
from ..hole_positions import from_request
from ..profile import Piece, Profile
from ..sql_text import placeholder_list_text

_ASSIGN = """
(assignment left: (identifier) @name right: (_) @value) @_stmt
(assignment left: (left_assignment_list . (identifier) @name) right: (right_assignment_list . (_) @value)) @_stmt
(assignment left: (left_assignment_list . (_) . (identifier) @name)
      right: (right_assignment_list . (_) . (_) @value)) @_stmt
(assignment left: (left_assignment_list . (_) . (_) . (identifier) @name)
      right: (right_assignment_list . (_) . (_) . (_) @value)) @_stmt
(assignment left: (left_assignment_list (identifier) @name)
      right: [(identifier) (call) (element_reference) (array) (instance_variable)
              (parenthesized_statements)] @value) @_stmt
(operator_assignment left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(binary left: (identifier) @name operator: "<<" right: (_) @value) @_aug
(binary left: (identifier) @name operator: "<<" right: (_) @value) @_item
(call receiver: (identifier) @name method: (identifier) @_m arguments: (argument_list . (_) @value)
      (#eq? @_m "concat")) @_aug
(call receiver: (identifier) @name method: (identifier) @_m arguments: (argument_list (_) @value)
      (#any-of? @_m "push" "append" "unshift")) @_item
(call receiver: (_) @value method: (identifier) @_m
      block: [(do_block parameters: (block_parameters . (identifier) @name))
              (block parameters: (block_parameters . (identifier) @name))]
      (#any-of? @_m "each" "each_with_index" "map" "flat_map" "collect" "filter_map" "each_with_object")) @_loop
(for pattern: (identifier) @name value: (in (_) @value)) @_loop
"""
# `a, b = x, y` pairs the names with the values by position; `a, b = call` gives each name the whole
# value. `sql << "..."` appends to a string and `conditions << "..."` to an array: the same shape,
# read as both (an append to the string built so far, an item of the list).

_COMMENT = "comment"
_STRINGS = frozenset({"string", "chained_string", "heredoc_beginning"})

# --- string literals -------------------------------------------------------------------------------

# A heredoc opener on the line before the one being read: `<<~SQL`, `<<-'EOS'`, `<<SQL`.
_HEREDOC_OPENER = re.compile(rb"<<[~-]?(?:(['\"`])[^'\"`\n]+\1|[A-Za-z_]\w*)")


def _quote(reader: Any, node: tree_sitter.Node) -> str:
    opener = node.child(0)
    text = reader.text(opener) if opener is not None else '"'
    return "'" if text.startswith(("'", "%q")) else '"'


def _content(reader: Any, node: tree_sitter.Node, quote: str) -> list[Piece]:
    pieces: list[Piece] = []
    for child in node.children:
        if child.type in ("string_content", "heredoc_content", "escape_sequence"):
            pieces.append(("text", reader.text(child), quote))
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if c.type != _COMMENT]
            if inner:  # `#{}` yields nothing; `#{a; b}` yields its last expression
                pieces.append(("hole", inner[-1], ""))
    return pieces


def _heredoc_body(reader: Any, opener: tree_sitter.Node) -> tree_sitter.Node | None:
    """The body of a heredoc: the grammar puts it after the statement that opens it, bodies in the
    order of their openers on the line."""
    data: bytes = reader.file.data
    line_start = data.rfind(b"\n", 0, opener.start_byte) + 1
    earlier = len(_HEREDOC_OPENER.findall(data, line_start, opener.start_byte))
    position = data.find(b"\n", opener.end_byte)
    root = reader.file.tree.root_node
    body = None
    for _ in range(earlier + 1):
        if position < 0:
            return None
        found = root.descendant_for_byte_range(position, position + 1)
        while found is not None and found.type != "heredoc_body":
            found = found.parent
        if found is None or found.start_byte != position:
            return None
        body = found
        position = data.find(b"\n", found.end_byte)
    end = next((c for c in body.children if c.type == "heredoc_end"), None) if body is not None else None
    marker = re.sub(r"^<<[~-]?['\"`]?|['\"`]$", "", reader.text(opener))
    if end is None or reader.text(end).strip() not in ("", marker):
        return None
    return body


def _string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    if node.type == "chained_string":  # "a" "b": adjacent literals are one string
        pieces: list[Piece] = []
        for part in node.named_children:
            if part.type == "string":
                pieces.extend(_content(reader, part, _quote(reader, part)))
    elif node.type == "heredoc_beginning":
        body = _heredoc_body(reader, node)
        if body is None:
            return None
        quote = "'" if "'" in reader.text(node) else '"'
        pieces = _content(reader, body, quote)
    else:
        pieces = _content(reader, node, _quote(reader, node))
    clause = _CLAUSE_SINKS.get(_sink_taking(reader, node) or "")
    if clause is not None:
        pieces.insert(0, ("text", clause, '"'))
        if clause == "SELECT ":
            pieces.append(("text", " FROM _", '"'))  # the model's table, which ActiveRecord adds
    return pieces


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


# --- calls that build a string ----------------------------------------------------------------------

# `format("%s", x)`, `format("%<id>d", id: x)`, `format("%{name}", name: x)`.
_FORMAT_DIRECTIVE = re.compile(
    r"%%|%(?:<(?P<angle>\w+)>|\{(?P<brace>\w+)\})?(?:(?P<position>\d+)\$)?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?P<verb>[a-zA-Z])?"
)
_FORMAT_CALLS = {(None, "format"), (None, "sprintf"), ("Kernel", "format"), ("Kernel", "sprintf")}


def _template_text(flow: Any, node: tree_sitter.Node) -> str | None:
    node = flow._unwrap(node)
    if node.type not in _STRINGS:
        return None
    pieces = _string_pieces(flow, node)
    if pieces is None or any(p[0] == "hole" for p in pieces):
        return None
    return "".join(str(p[1]) for p in pieces)


def _push_format(flow: Any, node: tree_sitter.Node, args: list[tree_sitter.Node], level: int, stack: list[Any]) -> bool:
    template = _template_text(flow, args[0])
    if template is None:
        return False
    values = args[1:]
    named: dict[str, tree_sitter.Node] = {}
    for value in values:
        if value.type == "pair":
            key = value.child_by_field_name("key")
            item = value.child_by_field_name("value")
            if key is not None and item is not None:
                named[flow.text(key).strip(":\"'")] = item
    positional = [v for v in values if v.type != "pair"]
    pieces: list[Any] = []
    cursor = 0
    index = 0
    for match in _FORMAT_DIRECTIVE.finditer(template):
        pieces.append(("text", template[cursor : match.start()], '"'))
        cursor = match.end()
        if match.group(0) == "%%":
            pieces.append(("text", "%", '"'))
            continue
        name = match.group("angle") or match.group("brace")
        verb = match.group("verb") or ("s" if match.group("brace") else "")
        if not verb:
            pieces.append(("text", match.group(0), '"'))  # a lone `%`: not a directive
            continue
        spec = "%" + verb
        given: tree_sitter.Node | None
        if name is not None:
            given = named.get(name)
        elif match.group("position"):
            position = int(match.group("position")) - 1
            given = positional[position] if 0 <= position < len(positional) else None
        else:
            given = positional[index] if index < len(positional) else None
            index += 1
        pieces.append(("node", given, spec) if given is not None else ("dyn", None, spec))
    pieces.append(("text", template[cursor:], '"'))
    flow._push_pieces(pieces, flow._unwrap(args[0]), level, stack)
    return True


def _expand_call(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    """Push the pieces of a call that builds a string; False for any other call (a hole)."""
    receiver, method, args = _call_parts(flow, node)
    receiver_text = flow.text(receiver) if receiver is not None else None
    if (receiver_text, method) in _FORMAT_CALLS and args:
        if _push_format(flow, node, args, level, stack):
            built.style = "format()" if built.style == "literal" else built.style
            return True
        return False
    if receiver is not None and method in _RESHAPE and not args and flow._stringish(receiver):
        stack.append(("node", receiver, level, ""))
        return True
    if receiver is not None and _raw_sql_wrapper(flow, node) and args:
        stack.append(("node", args[0], level, ""))
        return True
    if method == "join" and receiver is not None and len(args) <= 1:
        elements = _written_out(flow, receiver)
        if elements is None and flow._unwrap(receiver).type == "identifier" and level < flow.MAX_DEPTH:
            # `conditions << "a = ?"` ... `conditions.join(" AND ")`: what the local list was given,
            # every conditional append included
            elements = flow.list_items(flow.text(receiver), node) or None
            level += 1
        separator = args[0] if args else None
        if elements is None or (separator is not None and _template_text(flow, separator) is None):
            return False
        built.style = "concatenation" if built.style == "literal" else built.style
        for index in range(len(elements) - 1, -1, -1):
            stack.append(("node", elements[index], level, ""))
            if index and separator is not None:
                stack.append(("node", separator, level, ""))
        return True
    return False


def _written_out(flow: Any, node: tree_sitter.Node) -> list[tree_sitter.Node] | None:
    node = flow._unwrap(node)
    if node.type == "array":
        elements = [c for c in node.named_children if c.type != _COMMENT]
        return None if any(e.type == "splat_argument" for e in elements) else elements
    return None


# --- classifying ---------------------------------------------------------------------------------

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


_NUMERIC_METHODS = frozenset({
    "to_i", "to_f", "to_d", "to_r", "to_c", "round", "floor", "ceil", "abs", "size", "length", "count", "id",
    "ids", "to_date", "to_time", "to_datetime", "iso8601", "strftime", "to_fs", "to_formatted_s", "beginning_of_day",
    "end_of_day", "beginning_of_month", "end_of_month", "ago", "from_now", "since", "days", "hours", "minutes",
    "seconds", "weeks", "months", "years", "utc", "in_time_zone", "to_param", "succ", "pred", "hash",
})  # fmt: skip
# `to_param` of a record is its id; `to_fs(:db)` of a time is digits and separators.
_NUMERIC_CALLEE = re.compile(
    r"^(?:Integer|Float|BigDecimal|Rational|Time\.(?:now|current|zone\.now|at|parse|iso8601)|Date\.(?:today|current"
    r"|parse|iso8601)|DateTime\.(?:now|current|parse)|SecureRandom\.(?:uuid|hex|random_number|alphanumeric))$"
)
_SAFE_METHODS = frozenset({
    "quote", "quote_string", "quote_column_name", "quote_table_name", "quote_table_name_for_assignment",
    "quoted_table_name", "quoted_primary_key", "quoted_true", "quoted_false", "quoted_date", "sanitize_sql",
    "sanitize_sql_array", "sanitize_sql_for_conditions", "sanitize_sql_for_assignment", "sanitize_sql_for_order",
    "sanitize_sql_hash_for_assignment", "escape", "escape_string", "escape_literal", "escape_identifier",
    "quote_ident", "literal", "qualify", "identifier", "table_name", "primary_key", "arel_table", "to_sql",
    "placeholders", "bind_param",
})  # fmt: skip
# `sanitize_sql_like` only escapes % and _: a quote still ends the literal, so it is not here.
# Escapes for URLs, HTML, regular expressions and shells leave a quote as it is.
_NOT_SQL_ESCAPES = frozenset({"CGI", "URI", "Regexp", "Shellwords", "ERB::Util", "Rack::Utils", "Addressable::URI"})
_SCHEMA_NAMES = frozenset({
    "table_name", "quoted_table_name", "primary_key", "quoted_primary_key", "arel_table", "table_name_prefix",
    "table_name_suffix",
})  # fmt: skip
# Calls whose result is their receiver's (and arguments') text: as risky as those.
_PASSTHROUGH = _RESHAPE | frozenset({
    "to_sym", "titleize", "humanize", "underscore", "camelize", "singularize", "pluralize", "tableize", "classify",
    "parameterize", "capitalize", "gsub", "sub", "tr", "delete", "first", "last", "compact", "uniq", "flatten",
    "sort", "reverse", "to_a", "values_at", "fetch", "dig", "slice", "then",
})  # fmt: skip
# Methods that read the request or a file: never fixed by the code, whatever their arguments.
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form|body|field|env|read|gets|session")
_LITERALS = frozenset({
    "string", "integer", "float", "simple_symbol", "hash_key_symbol", "true", "false", "nil", "string_array",
    "symbol_array",
})  # fmt: skip


def _block_results(block: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """What a block yields: its last expression."""
    body = block.child_by_field_name("body") if block is not None else None
    statements = [c for c in body.named_children if c.type != _COMMENT] if body is not None else []
    return statements[-1:]


def _element_kind(flow: Any, collection: tree_sitter.Node | None, level: int) -> str:
    """The worst element a collection holds (an array written out, a constant, ids, a local)."""
    if collection is None:
        return DYNAMIC
    collection = flow._unwrap(collection)
    if collection.type == "identifier":
        name = flow.text(collection)
        items = flow.list_items(name, collection)
        if items is not None and not flow.is_parameter(name, collection):
            return worst(*(flow.classify(i, level + 1)[0] for i in items)) if items else CONST
    kind: str = flow.classify(collection, level + 1)[0]
    return kind


def _classify_call(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    receiver, method, args = _call_parts(flow, node)
    receiver_text = flow.text(receiver) if receiver is not None else ""
    callee = f"{receiver_text}.{method}" if receiver is not None else method
    text = flow.text(node)
    if placeholder_list_text(text):
        return SAFE, None
    if receiver_text == "ENV":
        return SAFE, None  # deployment configuration, not request data
    if method in _NUMERIC_METHODS or _NUMERIC_CALLEE.match(callee):
        return NUMERIC, None
    if method in _SAFE_METHODS and receiver_text not in _NOT_SQL_ESCAPES:
        return SAFE, None
    if (
        receiver is not None
        and receiver.type in ("constant", "scope_resolution")
        and method in ("fetch", "dig", "values_at")
    ):
        return CONST, None  # a lookup in a constant table: the value is one of ours
    if method == "name" and receiver is not None and re.match(r"^(?:self\.class|[A-Z][\w:]*)$", receiver_text):
        return CONST, None  # `self.class.name`, `User.name`: a class the code names
    block = node.child_by_field_name("block")
    if method in ("map", "collect", "flat_map", "filter_map") and receiver is not None:
        if len(args) == 1 and args[0].type == "block_argument":  # `map(&:id)`, `map(&:to_i)`
            symbol = flow.text(args[0]).lstrip("&:")
            if symbol in _NUMERIC_METHODS:
                return NUMERIC, None
            return (SAFE if symbol in _SAFE_METHODS else DYNAMIC), None
        results = _block_results(block)
        if results:
            kinds = []
            for result in results:
                built = flow._flatten(result, level + 1)
                kinds.append(worst(*(p.kind for p in built.holes)) if built.holes else CONST)
            # a value of the block's own parameter is an element of the receiver
            return worst(
                *kinds, _element_kind(flow, receiver, level) if _uses_block_parameter(flow, block) else CONST
            ), None
        return DYNAMIC, None
    if method == "pluck" and args and all(re.search(r"(?:^|_)u?u?id$", flow.text(a).strip(":\"'")) for a in args):
        return NUMERIC, None  # `pluck(:id)`, `pluck(:user_id)`: keys read from the database
    if method == "join":
        return _element_kind(flow, receiver, level), None
    if (receiver_text, method) in _FORMAT_CALLS or (receiver is not None and _raw_sql_wrapper(flow, node)):
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    if method in _PASSTHROUGH:
        inputs = [a for a in args if a.type not in ("block_argument", "regex")]
        if receiver is not None:
            inputs.append(receiver)
        if not inputs:
            return DYNAMIC, None
        classified = [flow.classify(a, level + 1) for a in inputs]
        kind = worst(*(k for k, _ in classified))
        return kind, (classified[-1][1] if kind == CONST and method in _RESHAPE else None)
    if not args or _INPUT_ACCESSOR.search(method) or from_request(node):
        return DYNAMIC, None
    if all(a.type in _LITERALS for a in args):
        # `Setting.value_for("per_page")`, `I18n.t(:x)`: the code decides the text
        return CONST, None
    if receiver is None or receiver.type in ("constant", "scope_resolution", "self"):
        # The class's own helper given only constants and numbers (`date_add("created_at", days.to_i)`):
        # it writes SQL the code chose around them.
        values = [a.child_by_field_name("value") if a.type == "pair" else a for a in args]
        kinds = [flow.classify(v, level + 1)[0] if v is not None else DYNAMIC for v in values]
        if kinds and DYNAMIC not in kinds:
            return worst(*kinds), None
    return DYNAMIC, None


def _uses_block_parameter(flow: Any, block: tree_sitter.Node | None) -> bool:
    parameters = block.child_by_field_name("parameters") if block is not None else None
    return parameters is not None and bool(parameters.named_children)


def _block_parameter(flow: Any, node: tree_sitter.Node) -> bool:
    """`node` (an identifier) is a parameter of a block around it: `|row|`."""
    name = node.text
    current = node.parent
    while current is not None and current.type not in _FUNCTIONS:
        if current.type in ("block", "do_block"):
            parameters = current.child_by_field_name("parameters")
            if parameters is not None and any(
                c.text == name or (c.named_children and c.named_children[0].text == name)
                for c in parameters.named_children
            ):
                return True
        current = current.parent
    return False


# Request input in Ruby: `params[:sort]`, `sort_params[:column]` (a controller's permitted params),
# `request.query_parameters`, `cookies[:x]`.
_REQUEST = re.compile(r"\b(?:\w+_)?params\b\s*(?:[.\[]|&\.)|\brequest\.|\bcookies\b\s*[.\[]")
_NUMBER_TYPES = r"(?:Float|Integer|Numeric|BigDecimal|Date|Time)"


def _from_request(node: tree_sitter.Node) -> bool:
    return from_request(node) or _REQUEST.search(node.text.decode("utf-8", "replace") if node.text else "") is not None


def _checked_number(flow: Any, node: tree_sitter.Node) -> bool:
    """`raise ... unless coordinates["lat"].is_a?(Float)` earlier in the method: the value is a number."""
    function = flow.enclosing_function(node)
    if function is None:
        return False
    text = flow.file.data[function.start_byte : node.start_byte].decode("utf-8", "replace")
    expression = re.escape(flow.text(node))
    return (
        re.search(
            rf"\b(?:raise|fail|return)\b[^\n]*\bunless\s+\(?{expression}\.(?:is_a|kind_of|instance_of)\?\s*\(?\s*{_NUMBER_TYPES}\b",
            text,
        )
        is not None
    )


_ELEMENT_ASSIGNMENTS: list[tree_sitter.Query] = []


def _element_definition(flow: Any, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value last assigned to `opts[:limit]` (the same expression) earlier in the method."""
    function = flow.enclosing_function(node)
    if function is None:
        return None
    if not _ELEMENT_ASSIGNMENTS:
        _ELEMENT_ASSIGNMENTS.append(
            tree_sitter.Query(
                languages.grammar("ruby"), "(assignment left: (element_reference) @target right: (_) @value) @statement"
            )
        )
    cursor = tree_sitter.QueryCursor(_ELEMENT_ASSIGNMENTS[0])
    cursor.set_byte_range(function.start_byte, node.start_byte)
    wanted = node.text
    found = None
    for _index, captures in cursor.matches(function):
        statement = captures["statement"][0]
        later = found is None or statement.start_byte > found.start_byte
        if captures["target"][0].text == wanted and statement.end_byte <= node.start_byte and later:
            found = statement
    return found.child_by_field_name("right") if found is not None else None


def _checked_in(condition: str, value: str) -> bool:
    """`SORTABLE.include?(params[:sort]) ? params[:sort] : "name"`: the branch is the value the
    condition found in a fixed list."""
    escaped = re.escape(value)
    return (
        re.search(rf"\.(?:include|key|has_key|member)\?\(?\s*{escaped}\s*\)?\s*$|^\s*{escaped}\.in\?\(", condition)
        is not None
    )


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    if not getattr(flow, "ruby_clause", False) and _in_clause_sink(flow, node):
        # ORDER BY / GROUP BY / a select list: names, which no parameter can carry. Helper methods
        # (`sort_column`) and the caller's arguments are how Rails code keeps them to known columns;
        # what is reported is request input reaching them, here or through a local.
        flow.ruby_clause = True
        try:
            in_clause: tuple[str, str | None] = flow.classify(node, level)
            return in_clause
        finally:
            flow.ruby_clause = False
    decided = _classify_shape(flow, node, level)
    if decided is None or not getattr(flow, "ruby_clause", False):
        return decided
    kind, text = decided
    return ((DYNAMIC if _from_request(node) else SAFE) if kind == DYNAMIC else kind), text


def _classify_shape(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    clause = getattr(flow, "ruby_clause", False)
    typ = node.type
    if typ in ("simple_symbol", "hash_key_symbol"):
        return CONST, flow.text(node).lstrip(":")
    if typ in ("string_array", "symbol_array", "self", "regex"):
        return CONST, None
    if typ == "constant":
        name = flow.text(node)
        return CONST, _constant_text(flow, name)
    if typ == "scope_resolution":
        name_node = node.child_by_field_name("name")
        return CONST, (_constant_text(flow, flow.text(name_node)) if name_node is not None else None)
    if typ == "conditional":
        condition = flow.text(node.child_by_field_name("condition") or node).strip()
        negated = condition.startswith(("!", "not "))
        branches = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
        checked = branches[1] if negated else branches[0]  # the branch taken when the value is in the list
        classified = [
            (SAFE, None) if b == checked and _checked_in(condition, flow.text(b)) else flow.classify(b, level + 1)
            for b in branches
            if b is not None
        ]
        texts = {t for _, t in classified}
        kind = worst(*(k for k, _ in classified))
        return kind, (next(iter(texts)) if kind == CONST and len(texts) == 1 else None)
    if typ == "unary":
        operator = node.child_by_field_name("operator")
        operand = node.child_by_field_name("operand")
        if operator is None or operand is None:
            return None
        if flow.text(operator) in ("!", "not"):
            return CONST, None  # true or false
        kind = flow.classify(operand, level + 1)[0]
        return (CONST if kind == CONST else NUMERIC), None
    if typ in ("instance_variable", "class_variable", "global_variable"):
        return (DYNAMIC if not clause else SAFE), None
    if typ == "element_reference":
        owner = node.child_by_field_name("object")
        if owner is not None and owner.type in ("constant", "scope_resolution"):
            return (SAFE if flow.text(owner) == "ENV" else CONST), None  # a lookup in a constant table
        if _checked_number(flow, node):
            return NUMERIC, None
        if not _from_request(node) and level < flow.MAX_DEPTH:
            value = _element_definition(flow, node)
            if value is not None:
                assigned: tuple[str, str | None] = flow.classify(value, level + 1)
                return assigned
        return DYNAMIC, None
    if typ == "call":
        if _checked_number(flow, node):
            return NUMERIC, None
        return _classify_call(flow, node, level)
    if typ == "identifier":
        name = flow.text(node)
        if flow.definitions(name, node):
            return None  # a local: its definitions decide
        if flow.is_parameter(name, node) or _block_parameter(flow, node):
            return (SAFE, None) if clause else None  # the caller's value: judged where it is chosen
        # A method of the object itself (no receiver, no arguments).
        if name == "id":
            return NUMERIC, None
        if name in _SCHEMA_NAMES:
            return SAFE, None
        return (SAFE, None) if clause else None  # `sort_column`: a helper that picks the column
    return None


_FUNCTIONS = frozenset({"method", "singleton_method", "lambda"})

PROFILE = Profile(
    strings=_STRINGS,
    functions=_FUNCTIONS,
    binary="binary",
    paren="parenthesized_statements",
    call="call",
    identifier="identifier",
    assignments=_ASSIGN,
    numeric_calls=re.compile(r"^(?:Integer|Float|BigDecimal)$|\.(?:to_i|to_f|to_d|size|length|count|id)$"),
    safe_calls=re.compile(r"(?:^|\.)(?:quote\w*|sanitize_sql(?!_like)\w*|escape\w*|literal|quoted_table_name)$"),
    numeric_params=r"\b{name}:\s*(?:T\.nilable\()?(?:Integer|Float|Numeric|BigDecimal|Date|Time)\b",
    guards=(
        r"\.include\?\(?\s*{name}\s*\)?",
        r"\b{name}\.in\?\(",
        r"\bcase\s+{name}\b",
        r"\b{name}\s*=~\s*/\\A",
        r"\b{name}\.match\?\(\s*/\\A",
        r"/\\A[^/\n]*\\z/\.match\?\(\s*{name}\s*\)",
        r"\.(?:key|has_key|member)\?\(\s*{name}\s*\)",
        r"\bunless\s+\(?{name}\.(?:is_a|kind_of|instance_of)\?\s*\(?\s*(?:Float|Integer|Numeric|BigDecimal|Date|Time)\b",
    ),
    string_pieces=_string_pieces,
    expand_call=_expand_call,
    classify=_classify,
    interpolated_style="string interpolation",
    fragment_sinks=frozenset({
        "where", "rewhere", "not", "having", "joins", "find_by", "update_all", "exclude", "filter",
        "find_or_create_by", "find_or_initialize_by",
    }),
)  # fmt: skip
