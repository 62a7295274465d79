"""What the `sql-parameterize` fixers of PHP, C#, Ruby, Kotlin and Rust share.

Each language module reads the query argument straight from the source as literal pieces (`Lit`, the
text between a literal's delimiters exactly as written) and value slots (`Slot`, the expression whose
value was spliced in), and gives up on any shape it does not know. `parameterize` then decides, for
the pieces as a whole, where each value sits (`hole_roles`: inside '...' quotes or after a
comparison, LIMIT/OFFSET or in a VALUES tuple; never a name, a list or part of a literal), strips the
quotes around quoted ones, and leaves a numbered slot where each placeholder goes. The language
module writes the new literal and passes the values the way its driver takes them.

`Site` is what a fixer needs about the finding: the call, the query argument, the sink's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import tree_sitter

from ..checks.base import FileContext
from ..engine import Analysis
from ..sqlflow import CONST, DYNAMIC, SAFE, Built, Part, QueryFlow, hole_roles
from .base import Edit, Fix

TITLE = "Pass the values as query parameters"


@dataclass(frozen=True)
class Lit:
    raw: str  # the source text between the literal's delimiters, escapes as written
    flavor: str  # which kind of literal it came from ('"', "'", '@"', 'r#"' ...): how to write it again
    fmt: str = ""  # "printf" (`%%`) or "brace" (`{{` `}}`): format escapes that apply to `raw`


@dataclass(frozen=True)
class Slot:
    node: tree_sitter.Node  # the value's expression (for a name inside a string: the string)
    text: str  # the expression as it can be written outside the string
    spec: str = ""  # a format spec other than the plain one (`%05d`, `:N2`, `{:?}`); "" when plain


Segment = Lit | Slot


@dataclass
class Site:
    """The finding's query argument and call, in the analysed text."""

    analysis: Analysis
    tree: tree_sitter.Tree
    data: bytes
    call: tree_sitter.Node
    argument: tree_sitter.Node
    sink: str
    receiver: str
    file: FileContext
    _text: str | None = field(default=None, repr=False)
    _built: list[Built] | None = field(default=None, repr=False)

    def built(self) -> list[Built]:
        """How the SQL flow reads the argument (built here, not through variables)."""
        if self._built is None:
            self._built = QueryFlow(self.file).build(self.argument, follow=False)
        return self._built

    def constant_holes(self) -> set[tuple[int, int]]:
        """(start, end) of the holes the flow knows to be constants of known text without
        placeholders of their own (`{$wpdb->posts}`, `#{BASE}`): they can stay in the new literal."""
        return {
            (p.node.start_byte, p.node.end_byte)
            for b in self.built()
            for p in b.parts
            if p.is_hole and p.kind == CONST and p.node is not None
            if p.const_text is not None and not has_markers(p.const_text)
        }

    def text(self, node: tree_sitter.Node | None) -> str:
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    @property
    def source(self) -> str:
        if self._text is None:
            self._text = self.data.decode("utf-8", "replace")
        return self._text

    def edit(self, node: tree_sitter.Node, text: str) -> Edit:
        return Edit(node.start_byte, node.end_byte, text)

    def insert_after(self, node: tree_sitter.Node, text: str) -> Edit:
        return Edit(node.end_byte, node.end_byte, text)


@dataclass
class Rewritten:
    """The query with placeholders: literal pieces (quotes around values stripped) and, between
    them, the index of the value each placeholder stands for."""

    pieces: list[Lit | int]
    values: list[Slot]
    quoted: list[bool]  # per value: it sat inside '...' in the SQL (a string literal there)

    def literal_text(self) -> str:
        return "".join(p.raw for p in self.pieces if isinstance(p, Lit))


def unformat(lit: Lit) -> str:
    """The piece's text once the format call that held it is gone (`%%` -> `%`, `{{` -> `{`)."""
    if lit.fmt == "printf":
        return lit.raw.replace("%%", "%")
    if lit.fmt == "brace":
        return lit.raw.replace("{{", "{").replace("}}", "}")
    return lit.raw


def merge(segments: list[Segment]) -> list[Segment]:
    """Adjacent literal pieces of one flavor joined (their format escapes undone first)."""
    out: list[Segment] = []
    for segment in segments:
        if isinstance(segment, Lit):
            segment = Lit(unformat(segment), segment.flavor)
            previous = out[-1] if out else None
            if isinstance(previous, Lit) and previous.flavor == segment.flavor:
                out[-1] = Lit(previous.raw + segment.raw, segment.flavor)
                continue
        out.append(segment)
    return out


# Markers a query may already hold: positional `?`, `$1`, `?1`, named `:name` / `@name`, `%s`.
_MARKERS = re.compile(r"\?|\$\d|(?<![:\w]):[A-Za-z_]|(?<![@\w])@[A-Za-z_]|%[sdf]")
# A quoted SQL literal ('it''s', 'a\'b'), taken out before looking for markers.
_QUOTED = re.compile(r"'(?:[^'\\]|''|\\.)*'")


def has_markers(text: str) -> bool:
    return _MARKERS.search(_QUOTED.sub("''", text)) is not None


def parameterize(segments: list[Segment], argument: tree_sitter.Node) -> Rewritten | None:
    """Every slot turned into a placeholder, or None unless each sits where a parameter can go."""
    segments = merge(segments)
    slots = [s for s in segments if isinstance(s, Slot)]
    if not slots or any(s.spec for s in slots):
        return None
    parts = [
        Part(text=s.raw, quote=s.flavor) if isinstance(s, Lit) else Part(text=None, node=s.node, kind=DYNAMIC)
        for s in segments
    ]
    roles = dict(hole_roles(Built(node=argument, style="fix", parts=parts)))
    pieces: list[Lit | int] = []
    values: list[Slot] = []
    quoted: list[bool] = []
    strip_next = False
    for index, segment in enumerate(segments):
        if isinstance(segment, Lit):
            raw = segment.raw
            if strip_next:
                if not raw.startswith(("'", "\\'")):
                    return None
                raw = raw[2:] if raw.startswith("\\") else raw[1:]
                strip_next = False
            pieces.append(Lit(raw, segment.flavor))
            continue
        role = roles.get(index)
        if role == "quoted":
            previous = pieces[-1] if pieces else None
            if not isinstance(previous, Lit) or not previous.raw.endswith("'"):
                return None
            cut = 2 if previous.raw.endswith("\\'") else 1
            pieces[-1] = Lit(previous.raw[:-cut], previous.flavor)
            strip_next = True
        elif role != "value":
            return None
        pieces.append(len(values))
        values.append(segment)
        quoted.append(role == "quoted")
    if strip_next:
        return None
    rewritten = Rewritten(pieces, values, quoted)
    if has_markers(rewritten.literal_text()):
        return None  # already holds placeholders: numbering new ones among them is not certain
    return rewritten


def flow_agrees(site: Site) -> bool:
    """The SQL flow reads the argument as one query built right here, with nothing in it that is
    already made safe (a quoting call, a placeholder list): a value such as `$pdo->quote($x)` would
    reach the database with its quotes if it became a parameter."""
    built = site.built()
    if len(built) != 1 or built[0].origins:
        return False
    return not any(p.is_hole and (p.kind == SAFE or p.caller_sql) for p in built[0].parts)


def is_plus(node: tree_sitter.Node) -> bool:
    """A binary `+` (`binary_expression` in C# and Kotlin, `binary` in Ruby)."""
    operator = node.child_by_field_name("operator")
    return node.type in ("binary_expression", "binary") and operator is not None and operator.type == "+"


def concatenation(
    site: Site,
    node: tree_sitter.Node,
    is_string: Callable[[tree_sitter.Node], bool],
    read_string: Callable[[Site, tree_sitter.Node], list[Segment] | None],
) -> list[Segment] | None:
    """The segments of a `+` chain: each literal's own, each other operand as one slot."""
    operands = concat_operands(node, is_plus, is_string)
    if operands is None:
        return None
    out: list[Segment] = []
    for operand in operands:
        inner = read_string(site, operand) if is_string(operand) else [Slot(operand, site.text(operand))]
        if inner is None:
            return None
        out.extend(inner)
    return out


def concat_operands(
    node: tree_sitter.Node, is_concat: Callable[[tree_sitter.Node], bool], is_string: Callable[[tree_sitter.Node], bool]
) -> list[tree_sitter.Node] | None:
    """The operands of a concatenation chain, left to right. A `+` is part of the chain when one of
    its operands is a string literal or itself part of the chain; otherwise (`a + b` of unknown
    types) it is one operand, whose value is the same either way."""

    def in_chain(current: tree_sitter.Node) -> bool:
        if not is_concat(current):
            return False
        left, right = current.child_by_field_name("left"), current.child_by_field_name("right")
        return any(side is not None and (is_string(side) or in_chain(side)) for side in (left, right))

    if not in_chain(node):
        return None
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if in_chain(current):
            left, right = current.child_by_field_name("left"), current.child_by_field_name("right")
            if left is None or right is None:
                return None
            stack.extend((right, left))
        else:
            out.append(current)
    return out


def printf_segments(fmt_pieces: list[Segment], args: list[Slot], *, allowed: str = "sd") -> list[Segment] | None:
    """A printf-style format (its literal pieces and any holes of its own) filled with `args` in
    order: `%s` / `%d` take the next argument; `%%` stays (undone by `unformat`); anything else
    (widths, positions, `%f`) gives None."""
    out: list[Segment] = []
    queue = list(args)
    for piece in fmt_pieces:
        if not isinstance(piece, Lit):
            out.append(piece)
            continue
        raw, start = piece.raw, 0
        for match in re.finditer(r"%(%|[^%]*?[a-zA-Z])", raw):
            if match.group(1) == "%":
                continue
            if match.group(1) not in tuple(allowed) or not queue:
                return None
            out.append(Lit(raw[start : match.start()], piece.flavor, "printf"))
            out.append(queue.pop(0))
            start = match.end()
        out.append(Lit(raw[start:], piece.flavor, "printf"))
    return out if not queue else None


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def indent_of(data: bytes, offset: int) -> str:
    """Leading whitespace of the line holding `offset`."""
    start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    end = start
    while end < len(data) and data[end : end + 1] in (b" ", b"\t"):
        end += 1
    return data[start:end].decode()


def eol(data: bytes) -> str:
    return "\r\n" if b"\r\n" in data else "\n"


def fix(edits: list[Edit], *, safe: bool, title: str = TITLE) -> Fix:
    return Fix(title=title, edits=edits, safe=safe)
