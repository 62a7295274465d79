"""`backlint serve` whose analysis of files named large*.py waits until the test opens a gate.

`python gated_server.py <fifo>`: the worker thread blocks reading the FIFO before analysing such a
file, so a test can hold "a large parse in progress" for exactly as long as it needs, then let it go.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    gate = sys.argv[1]
    from backlint.lsp import analysis

    real = analysis.analyse_document

    def gated(language, path, *args):
        if os.path.basename(path).startswith("large"):
            with open(gate, encoding="utf-8") as fifo:  # blocks until the test opens the gate
                fifo.read()
        return real(language, path, *args)

    analysis.analyse_document = gated
    from backlint.lsp.quickstart import serve_stdio

    serve_stdio()
