"""`backlint serve` with one part replaced by a function that raises on every call.

Fault injection happens in this child process only: `python faulty_server.py <part>`. The
exception message quotes the document text, as a real bug's message might, so the tests can check
that it reaches neither the user nor an error response.
"""

from __future__ import annotations

import sys

MARKER = "INJECTED-FAILURE"


def _raiser(name: str):
    def broken(*args, **kwargs):
        text = next((a.text for a in args if hasattr(a, "text") and isinstance(a.text, str)), "")
        raise RuntimeError(f"{MARKER} in {name}: {text}")

    return broken


def break_part(part: str) -> None:
    if part == "hover":
        from backlint.lsp import hover

        hover.findings_at = _raiser("hover")
    elif part == "analysis":
        from backlint.lsp import analysis

        analysis.analyse_document = _raiser("analysis")
    elif part == "shutdown":
        from backlint.lsp.analysis import Analyzer

        Analyzer.shutdown = _raiser("shutdown")
    else:
        raise SystemExit(f"unknown part {part!r}")


if __name__ == "__main__":
    break_part(sys.argv[1])
    from backlint.lsp.quickstart import serve_stdio

    serve_stdio()
