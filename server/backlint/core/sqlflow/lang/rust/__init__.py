"""Rust's SQL flow: `format!` (and `write!` / `writeln!` into a String, `concat!`, `indoc!`), `+`
on Strings, `push_str` / `+=` appends, `.join(...)` of vectors, and the values Rust code splices in
(paths like `Self::TABLE`, `as i64` casts, `.len()`, `if` / `match` expressions).

`format!` is a macro: the grammar leaves its arguments as a token tree, not expressions. Its format
string is read here (`{}`, `{0}`, `{name}`, `{name:?}`, `{{`); a name captured in the string
(`{id}`, Rust 2021) becomes a stand-in identifier node (`_Captured`) that the flow reads like any
other; an argument of one token is that token; a longer one (`user.id`, `ids.len()`, `x as i64`) is
parsed again on its own, at its own byte offsets, and judged here, its names read at the original
tokens.

Only `built`, `profile` and `sql_text` are imported at module level: `profiles` imports this package
while the flow's layers are still being defined.

One module per concept; this package keeps `PROFILE`, which `profiles` registers as `rust`:

    constants   the assignment query, node types, macro and call names, value patterns
    macros      a macro's token tree split into arguments, longer arguments parsed again
    strings     string literals, captured names (`_Captured`), format strings read into pieces
    values      judging values in Rust's own shapes (`_Judge`), the `classify` hook
    expand      the flattener's hook (`expand_call`)

Imports run one way: macros reads constants; strings reads macros; values reads strings; expand
reads values.
"""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ...profile import Profile
from .constants import _ASSIGN, _NUMERIC_CALLS, _NUMERIC_TYPE, _SAFE_CALLS, _STRINGS, _WEAK_SINKS
from .expand import _expand
from .strings import _string_pieces
from .values import _classify

_PUBLIC = re.compile(rb"^\s*pub\b")


def _private(flow: Any, function: tree_sitter.Node, _name: str) -> bool:
    """A `fn` not declared `pub` is callable only from its module."""
    header = flow.file.data[function.start_byte : min(function.end_byte, function.start_byte + 200)]
    return not _PUBLIC.match(header)


PROFILE = Profile(
    strings=_STRINGS,
    functions=frozenset({"function_item", "closure_expression"}),
    binary="binary_expression",
    paren="parenthesized_expression",
    call="call_expression",
    identifier="identifier",
    assignments=_ASSIGN,
    numeric_calls=_NUMERIC_CALLS,
    safe_calls=_SAFE_CALLS,
    numeric_params=(
        # `id: i64`, `ids: &[i64]`, `page: Option<u32>`, `let n: usize`
        r"\b{name}\s*:\s*&?(?:mut\s+)?(?:Option<\s*|Vec<\s*|\[\s*)?" + _NUMERIC_TYPE + r"\b"
        # `for i in 0..n`, `for (i, c) in cols.iter().enumerate()`
        r"|\bfor\s+{name}\s+in\s+\(?[\w.()\s+-]*\.\.|\bfor\s+\(\s*{name}\s*,[^)]*\)\s+in\s+[^{{;]*\.enumerate\(\)"
    ),
    guards=(
        r"\.contains\(\s*&?\s*{name}(?:\.as_str\(\))?\s*\)",
        r"\bmatches!\(\s*{name}(?:\.as_str\(\))?\s*,",
        r"\b{name}\.(?:chars|bytes)\(\)\s*\.all\(",
    ),
    expand_call=_expand,
    expand_types=frozenset({"macro_invocation"}),
    string_pieces=_string_pieces,
    weak_sinks=_WEAK_SINKS,
    interpolated_style="`format!`",
    classify=_classify,
    private_function=_private,
)
