"""`backlint serve` recording which threads create tree-sitter parsers, queries and query cursors.

Runs in the server process only: `python traced_server.py <record file>`. Each first use by a
thread appends "<kind> <thread name>" to the record file at once (the process ends with os._exit).
"""

from __future__ import annotations

import sys
import threading

import tree_sitter


def _traced(kind: str, real, record: str):
    seen: set[str] = set()
    lock = threading.Lock()

    def create(*args, **kwargs):
        name = threading.current_thread().name
        with lock:
            if name not in seen:
                seen.add(name)
                with open(record, "a", encoding="utf-8") as out:
                    out.write(f"{kind} {name}\n")
        return real(*args, **kwargs)

    return create


if __name__ == "__main__":
    record_file = sys.argv[1]
    for kind in ("Parser", "Query", "QueryCursor"):
        setattr(tree_sitter, kind, _traced(kind, getattr(tree_sitter, kind), record_file))
    from backlint.lsp.quickstart import serve_stdio

    serve_stdio()
