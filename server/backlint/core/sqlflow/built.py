"""The built string: literal parts and holes, each hole of a kind from harmless to dangerous."""

from __future__ import annotations

from dataclasses import dataclass, field

import tree_sitter

from .sql_text import HOLE

# Hole kinds, ordered from harmless to dangerous: combining takes the worst.
CONST, SAFE, NUMERIC, DYNAMIC = "const", "safe", "numeric", "dynamic"
_RANK = {CONST: 0, SAFE: 1, NUMERIC: 2, DYNAMIC: 3}


def worst(*kinds: str) -> str:
    return max(kinds, key=_RANK.__getitem__) if kinds else CONST


@dataclass
class Part:
    """A piece of the built string: literal source text, or a hole holding an expression."""

    text: str | None  # literal text (format escapes like `{{` / `%%` already undone); None for a hole
    node: tree_sitter.Node | None = None
    kind: str = CONST
    spec: str = ""  # how the hole is formatted: "" (plain), "!r", ":>10", "%s", "%05d", "%v" ...
    quote: str = ""  # for literals: the opening delimiter of the literal they came from
    const_text: str | None = None  # a constant hole's text when known (feeds the SQL test)
    caller_sql: bool = False  # safe only as SQL text from the caller (`base_query`): not in a value position

    @property
    def is_hole(self) -> bool:
        return self.text is None


@dataclass
class Built:
    """A string-building expression, flattened."""

    node: tree_sitter.Node
    style: str  # f-string, concatenation, percent, format, template, sprintf, string-format, builder
    parts: list[Part] = field(default_factory=list)
    origins: list[tree_sitter.Node] = field(default_factory=list)  # assignments it came through
    direct: bool = True  # built inline in the sink's argument

    @property
    def holes(self) -> list[Part]:
        return [p for p in self.parts if p.is_hole]

    @property
    def risky_holes(self) -> list[Part]:
        return [p for p in self.parts if p.is_hole and p.kind in (DYNAMIC, NUMERIC)]

    @property
    def kind(self) -> str:
        return worst(*(p.kind for p in self.holes))

    def sql_text(self) -> str:
        out = []
        for part in self.parts:
            if part.text is not None:
                out.append(part.text)
            elif part.kind == CONST and part.const_text is not None:
                out.append(part.const_text)
            else:
                out.append(HOLE)
        return "".join(out)
