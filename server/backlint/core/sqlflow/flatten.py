"""Flattening a string-building expression into literal text and holes: f-strings, `+`, `%`,
`.format`, `fmt.Sprintf`, `String.format`, template literals, joins of written-out lists,
StringBuilder / strings.Builder appends, following local variables assigned earlier.

The third of QueryFlow's layers: literals -> scope -> flatten (here) -> classify. Each leaf becomes a
hole through `_hole`, which the classifying layer above provides.
"""

from __future__ import annotations

import re
from typing import Literal

import tree_sitter

from .built import CONST, DYNAMIC, NUMERIC, SAFE, Built, Part
from .hole_positions import hole_roles
from .rewrites import replaced_marker
from .scope import _CONST_NAME, _LOOPS, Scope

# Work for `_flatten`: a node still to read (with its depth and format spec), or a part already read.
_Work = tuple[Literal["node"], tree_sitter.Node, int, str] | tuple[Literal["part"], Part, int, str]
# A piece of a format template: literal text with its quote, a value with its format spec, or a
# value that cannot be read (a hole of unknown kind) with its spec.
_Formatted = (
    tuple[Literal["text"], str, str] | tuple[Literal["node"], tree_sitter.Node, str] | tuple[Literal["dyn"], None, str]
)
# What `%` formats: a tuple's (or a single value's) items, or a dictionary's values by key.
_PercentValues = list[tree_sitter.Node] | dict[str, tree_sitter.Node | None]

PRINTF_VERB = re.compile(r"%(?:(\d+)\$)?[-#0 +,(]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([a-zA-Z%])")
PY_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])")
FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{([^{}!:]*)(![rsa])?(:[^{}]*)?\}")


class Flattener(Scope):
    """Flattens string-building expressions in one file into literal parts and holes."""

    MAX_DEPTH = 6  # local variables followed through other local variables (a level per expression step)
    MAX_PARTS = 400

    def _hole(self, node: tree_sitter.Node | None, level: int, spec: str) -> Part:
        """The hole for a leaf value, classified: the classifying layer (QueryFlow) says what it is."""
        raise NotImplementedError

    # --- flattening ---------------------------------------------------------------------------

    def build(self, expr: tree_sitter.Node, *, follow: bool = True) -> list[Built]:
        """Every way the value of `expr` (a sink argument) may have been built; [] when it is neither
        built from strings here nor traceable to a local that was."""
        expr = self._unwrap(expr)
        if expr.type == self.profile.identifier and follow:
            name = self.text(expr)
            # At module level a "constant" is whatever the module assigned: judge its value.
            if self.is_constant_name(name) and self.enclosing_function(expr) is not None:
                return []
            out = []
            for base, appends, stmt in self.definitions(name, expr):
                built = self._flatten(base, 1)
                built.origins.append(stmt)
                for extra in appends:
                    more = self._flatten(extra, 1)
                    built.parts.extend(more.parts)
                    if built.style == "literal" and more.style != "literal":
                        built.style = more.style
                    if more.risky_holes and extra.parent is not None:
                        built.origins.append(extra.parent)
                built.direct = False
                out.append(built)
            return out
        if follow and self.profile.read_builder is not None:
            read = self.profile.read_builder(self, expr)  # `b.String()`, `sb.toString()` of a local builder
            if read is not None:
                return read
        built = self._flatten(expr, 0)
        return [built]

    def _flatten(self, root: tree_sitter.Node, depth: int) -> Built:
        """Iteratively flatten `root` into literal parts and classified holes."""
        built = Built(node=root, style="literal")
        stack: list[_Work] = [("node", root, depth, "")]
        while stack:
            if len(built.parts) > self.MAX_PARTS:
                built.parts.append(Part(None, None, DYNAMIC))
                break
            work = stack.pop()
            if work[0] == "part":
                built.parts.append(work[1])
                continue
            _tag, item, level, spec = work
            node = self._unwrap(item)
            pushed = self._expand(node, level, built, stack, spec)
            if not pushed:
                built.parts.append(self._hole(node, level, spec))
        for index in range(1, len(built.parts)):
            part, previous = built.parts[index], built.parts[index - 1]
            # `$${values.length}` / "$" + (i + 1): a numbered placeholder, not a value
            if (
                part.is_hole
                and (part.kind in (NUMERIC, CONST) or self._counted(part.node))
                and previous.text is not None
                and re.search(r"(?:\$|@p|:p)$", previous.text)
            ):
                part.kind = SAFE
        if any(p.caller_sql for p in built.parts):
            for index, role in hole_roles(built):
                if built.parts[index].caller_sql and role not in ("identifier", "dquoted"):
                    built.parts[index].kind = DYNAMIC  # named like SQL, used as a value: it is data
        return built

    def _expand(self, node: tree_sitter.Node, level: int, built: Built, stack: list[_Work], spec: str) -> bool:
        """Push the pieces of a string-building node; False when `node` is a leaf value (a hole)."""
        if node.type in self.profile.strings:
            pieces = self._string_pieces(node)
            if pieces is None:
                return False
            interpolating = any(p[0] == "hole" for p in pieces)
            if interpolating and built.style == "literal":
                built.style = self.profile.interpolated_style
            for piece in reversed(pieces):
                if piece[0] == "hole":
                    stack.append(("node", piece[1], level, piece[2]))
                else:
                    stack.append(("part", Part(piece[1], node, CONST, quote=piece[2]), level, ""))
            return True
        if node.type == self.profile.binary:
            operator = node.child_by_field_name("operator")
            op = self.text(operator) if operator is not None else ""
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return False
            if (
                op in self.profile.concat_operators
                and (self._stringish(left) or self._stringish(right))
                and not self._counted(node)
            ):
                if built.style == "literal":
                    built.style = "concatenation"
                stack.append(("node", right, level, ""))
                stack.append(("node", left, level, ""))
                return True
            template = self._template(left) if op == "%" and self.profile.percent_formats else None
            if template is not None:
                built.style = "percent" if built.style == "literal" else built.style
                self._push_formatted(
                    template[0], template[1], PY_PERCENT, _percent_values(right, self), level, stack, percent=True
                )
                return True
            return False
        if node.type == self.profile.call or node.type in self.profile.expand_types:
            return self._expand_call(node, level, built, stack)
        if node.type == "object_creation_expression" and self._builder_chain(node):
            arguments = node.child_by_field_name("arguments")
            args = [c for c in arguments.named_children if c.type != "comment"] if arguments is not None else []
            if len(args) == 1 and self._stringish(args[0]):
                stack.append(("node", args[0], level, ""))
            elif len(args) > 1:
                return False
            built.style = "builder" if built.style == "literal" else built.style
            return True
        if node.type == "member_expression" and level < self.MAX_DEPTH:
            # `statement.text` where `const statement = { text: `...${x}...` }` in this function
            found = self.object_property(node)
            if found is not None:
                value, origin = found
                built.origins.append(origin)
                stack.append(("node", value, level + 1, ""))
                return True
        fragment = self.optional_fragment(node)
        if fragment is not None:
            stack.append(("node", fragment, level, ""))
            return True
        if node.type == self.profile.identifier and level < self.MAX_DEPTH:
            name = self.text(node)
            if self.is_constant_name(name):
                return False
            definitions = self.definitions(name, node)
            if len(definitions) == 1 and definitions[0][2].type not in _LOOPS and self._is_building(definitions[0][0]):
                base, appends, stmt = definitions[0]
                built.origins.append(stmt)
                for extra in reversed(appends):
                    stack.append(("node", extra, level + 1, ""))
                stack.append(("node", base, level + 1, ""))
                return True
        return False

    def _expand_call(self, node: tree_sitter.Node, level: int, built: Built, stack: list[_Work]) -> bool:
        if self.profile.expand_call is not None:
            return self.profile.expand_call(self, node, level, built, stack)
        function = node.child_by_field_name("function")
        args = [c for c in (node.child_by_field_name("arguments") or node).named_children if c.type != "comment"]
        joined = self._joined_literal_list(node, function, args)
        if joined is not None:
            # `" ".join(["SELECT", cols, "FROM t"])`, `['SELECT ', col, ' FROM t'].join('')`,
            # `strings.Join([]string{...}, " ")`, `String.join(" ", a, b, c)`: the pieces in order.
            elements, separator = joined
            built.style = "concatenation" if built.style == "literal" else built.style
            for index in range(len(elements) - 1, -1, -1):
                stack.append(("node", elements[index], level, ""))
                if index and separator is not None:
                    stack.append(("node", separator, level, ""))
            return True
        if replaced_marker(self, function, args, level, built, stack):
            return True
        callee, method, receiver = self.call_parts(node, function)
        if self._expand_format(callee, method, receiver, args, level, built, stack):
            return True
        if receiver is None or len(args) > 1:
            return False
        if method in self.profile.concat_methods and args and self._concat_chain(receiver):
            # `"SELECT ... '".concat(name).concat("'")`: String.concat is `+` spelled out
            built.style = "concatenation" if built.style == "literal" else built.style
            stack.append(("node", args[0], level, ""))
            stack.append(("node", receiver, level, ""))
            return True
        if method in self.profile.builder_appends and args and self._builder_chain(receiver):
            built.style = "builder" if built.style == "literal" else built.style
            stack.append(("node", args[0], level, ""))
            stack.append(("node", receiver, level, ""))
            return True
        if method in self.profile.builder_reads and not args and self._builder_chain(receiver):
            stack.append(("node", receiver, level, ""))
            return True
        return False

    def _expand_format(
        self,
        callee: str,
        method: str,
        receiver: tree_sitter.Node | None,
        args: list[tree_sitter.Node],
        level: int,
        built: Built,
        stack: list[_Work],
    ) -> bool:
        """A format function or method (the profile's `format_functions`, `format_methods`) given a
        template this file writes out: its text and values pushed."""
        call = self.profile.format_functions.get(callee)
        if call is not None and len(args) > call.template:
            at = call.template
            if (
                call.after_locale
                and self._template(args[at]) is None
                and len(args) > at + 1
                and self._template(args[at + 1]) is not None
            ):
                at += 1  # String.format(Locale, fmt, args...) puts the template second
            template, values = self._template(args[at]), args[at + 1 :]
        elif method in self.profile.format_methods and receiver is not None:
            call = self.profile.format_methods[method]
            template, values = self._template(receiver), args
        else:
            return False
        if template is None:
            return False
        built.style = call.style if built.style == "literal" else built.style
        if not call.fields:
            self._push_formatted(template[0], template[1], PRINTF_VERB, values, level, stack)
            return True
        positional = [a for a in values if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        keywords = {}
        for a in values:
            if a.type == "keyword_argument":
                keywords[self.field_text(a, "name")] = a.child_by_field_name("value")
        if any(a.type in ("list_splat", "dictionary_splat") for a in values):
            positional, keywords = [], {}
        self._push_format_fields(template[0], template[1], positional, keywords, level, stack)
        return True

    def _concat_chain(self, node: tree_sitter.Node) -> bool:
        """A string literal, or a chain of the profile's `concat_methods` (`.concat(...)`) that starts at one."""
        while node.type == self.profile.call:
            _callee, method, receiver = self.call_parts(node, node.child_by_field_name("function"))
            if method not in self.profile.concat_methods:
                break
            if receiver is None:
                return False
            node = receiver
        return node.type in self.profile.strings

    def _filled_list(self, name_node: tree_sitter.Node, literals: tuple[str, ...]) -> list[tree_sitter.Node] | None:
        """The elements of a local list written out once and then appended to; None for a list made
        any other way (`rows.map(...)`), whose elements are judged where they are made."""
        name = self.text(name_node)
        definitions = self.definitions(name, name_node)
        if len(definitions) != 1 or self._unwrap(definitions[0][0]).type not in literals:
            return None
        return self.list_items(name, name_node)

    def _joined_literal_list(
        self, node: tree_sitter.Node, function: tree_sitter.Node | None, args: list[tree_sitter.Node]
    ) -> tuple[list[tree_sitter.Node], tree_sitter.Node | None] | None:
        """(elements, separator literal) when `node` joins a list written out in place (the profile's
        `written_join`) with a literal separator; None otherwise (a separator of "" is returned as None)."""
        joined = self.profile.written_join(self, node, function, args) if self.profile.written_join else None
        if joined is None:
            return None
        elements, separator = joined
        if not self._plain_string(separator):
            return None
        elements = [e for e in elements if e.type != "comment"]
        if any(e.type in ("list_splat", "spread_element", "variadic_argument") for e in elements):
            return None
        return elements, (separator if self._literal_text(self._unwrap(separator)) else None)

    def _template(self, node: tree_sitter.Node) -> tuple[str, tree_sitter.Node] | None:
        """The text of a format template: a plain literal here, or a constant / local holding one."""
        node = self._unwrap(node)
        if self._plain_string(node):
            return self._literal_text(node), node
        value = None
        if node.type == "identifier":
            name = self.text(node)
            definitions = self.definitions(name, node)
            if len(definitions) == 1 and not definitions[0][1]:
                value = definitions[0][0]
            elif not definitions:
                value = self.constants().get(name)
        elif node.type in ("attribute", "member_expression", "selector_expression", "field_access"):
            last = self.text(node).split(".")[-1]
            if _CONST_NAME.match(last):
                value = self.constants().get(last)
        if value is not None:
            value = self._unwrap(value)
            if self._plain_string(value):
                return self._literal_text(value), value
        return None

    def _builder_chain(self, node: tree_sitter.Node) -> bool:
        """A `new StringBuilder(...)...append(...)` chain (not an arbitrary receiver)."""
        current: tree_sitter.Node | None = node
        while current is not None:
            if current.type == "object_creation_expression":
                type_node = current.child_by_field_name("type")
                if type_node is not None and self.text(type_node) in ("StringBuilder", "StringBuffer"):
                    args = current.child_by_field_name("arguments")
                    return args is not None
                return False
            if current.type == "method_invocation":
                current = current.child_by_field_name("object")
                continue
            return False
        return False

    def _push_format_fields(
        self,
        template: str,
        literal_node: tree_sitter.Node,
        positional: list[tree_sitter.Node],
        keywords: dict[str, tree_sitter.Node | None],
        level: int,
        stack: list[_Work],
    ) -> None:
        pieces: list[_Formatted] = []
        auto = 0
        cursor = 0
        quote = self._quote_of(literal_node)
        for match in FORMAT_FIELD.finditer(template):
            pieces.append(("text", template[cursor : match.start()], quote))
            cursor = match.end()
            token = match.group(0)
            if token in ("{{", "}}"):
                pieces.append(("text", token[0], quote))
                continue
            field_name = match.group(1) or ""
            value = None
            key = re.split(r"[.\[]", field_name)[0]
            if key == "":
                value = positional[auto] if auto < len(positional) else None
                auto += 1
            elif key.isdigit():
                index = int(key)
                value = positional[index] if index < len(positional) else None
            else:
                value = keywords.get(key)
            if value is None or key != field_name:
                pieces.append(("dyn", None, ""))
            else:
                pieces.append(("node", value, (match.group(2) or "") + (match.group(3) or "")))
        pieces.append(("text", template[cursor:], quote))
        self._push_pieces(pieces, literal_node, level, stack)

    def _push_formatted(
        self,
        template: str,
        literal_node: tree_sitter.Node,
        pattern: re.Pattern[str],
        values: _PercentValues,
        level: int,
        stack: list[_Work],
        percent: bool = False,
    ) -> None:
        pieces: list[_Formatted] = []
        cursor = 0
        index = 0
        quote = self._quote_of(literal_node)
        named = values if isinstance(values, dict) else None
        positional = values if not isinstance(values, dict) else []
        for match in pattern.finditer(template):
            pieces.append(("text", template[cursor : match.start()], quote))
            cursor = match.end()
            verb = match.group(2)
            if verb == "%":
                pieces.append(("text", "%", quote))
                continue
            if verb == "n" and not percent:
                pieces.append(("text", "\n", quote))
                continue
            if named is not None:
                value = named.get(match.group(1) or "")
            elif not percent and match.group(1):
                position = int(match.group(1)) - 1
                value = positional[position] if 0 <= position < len(positional) else None
            else:
                value = positional[index] if index < len(positional) else None
                index += 1
            pieces.append(("node", value, match.group(0)) if value is not None else ("dyn", None, match.group(0)))
        pieces.append(("text", template[cursor:], quote))
        self._push_pieces(pieces, literal_node, level, stack)

    def _push_pieces(
        self, pieces: list[_Formatted], literal_node: tree_sitter.Node, level: int, stack: list[_Work]
    ) -> None:
        for piece in reversed(pieces):
            if piece[0] == "text":
                if piece[1]:
                    stack.append(("part", Part(piece[1], literal_node, CONST, quote=piece[2]), level, ""))
            elif piece[0] == "dyn":
                stack.append(("part", Part(None, None, DYNAMIC, spec=piece[2]), level, ""))
            else:
                stack.append(("node", piece[1], level, piece[2]))


def _percent_values(right: tree_sitter.Node, flow: Flattener) -> _PercentValues:
    right = flow._unwrap(right)
    if right.type == "tuple":
        return [c for c in right.named_children if c.type != "comment"]
    if right.type == "dictionary":
        out: dict[str, tree_sitter.Node | None] = {}
        for pair in right.named_children:
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                if key is not None and key.type == "string" and flow._plain_string(key):
                    out[flow._literal_text(key)] = pair.child_by_field_name("value")
        return out
    return [right]
