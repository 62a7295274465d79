"""Is this string SQL, and how was this expression built?

Shared by the SQL checks and the SQL fixer. Given the expression a query sink receives, `QueryFlow`
flattens it into literal text and holes (f-string fields, `+` operands, `%` / `.format` /
`fmt.Sprintf` / `String.format` arguments, template substitutions, StringBuilder appends), following
local variables assigned earlier in the same function. Each hole is classified: a constant (literals,
module constants, Go consts, Java static finals), numeric (`int(...)`, `%d`, `strconv.Itoa`, int-typed
parameters), safe (placeholder lists, quoting helpers, whitelisted identifiers) or dynamic.

Walks are iterative, and the only Python traversal is over one expression or one function's
assignments (found with a compiled query), never over the whole file.

The package, by concept:

- `sql_text`: does this text read as SQL (statements, clauses, query-builder conditions), and the
  text of an expression that only yields placeholders;
- `built`: the built string (`Part`, `Built`) and the hole kinds, harmless to dangerous;
- `hole_positions`: where a hole sits in the query (quoted, value, list, name, count, sort key);
- `profiles`: each language's node types, idioms and assignment query;
- QueryFlow's layers, each building on the one before: `literals` (node text, string literals),
  `scope` (constants, local definitions), `flatten` (expressions into parts and holes) and
  `classify` (each hole's kind; `QueryFlow` itself).
"""

from __future__ import annotations

from .built import CONST, DYNAMIC, NUMERIC, SAFE, Built, Part, worst
from .classify import QueryFlow
from .flatten import FORMAT_FIELD, PRINTF_VERB, PY_PERCENT
from .hole_positions import count_position, from_request, hole_roles, name_position, sort_key_position
from .profile import Profile
from .scope import CONSTANT_MAX_DEPTH
from .sql_text import HOLE, placeholder_list_text, reads_as_condition, reads_as_sql

__all__ = [
    "CONST", "CONSTANT_MAX_DEPTH", "DYNAMIC", "FORMAT_FIELD", "HOLE", "NUMERIC", "PRINTF_VERB", "PY_PERCENT", "SAFE",
    "Built", "Part", "Profile", "QueryFlow", "count_position", "from_request", "hole_roles", "name_position",
    "placeholder_list_text", "reads_as_condition", "reads_as_sql", "sort_key_position", "worst",
]  # fmt: skip
