"""Promise 4: no tree-sitter parser or query object is shared across threads.

How it holds: parsers are never shared at all (`languages.new_parser` makes one per parse), and query
objects are compiled once per process, so the language server confines every parse, query and
fix verification to its single analysis thread (`Analyzer.run_in_worker`, one worker). The CLI runs
files in separate processes. This test runs the real server with tree-sitter's constructors traced
and drives every feature that touches a tree: the record must name one thread only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.support.lsp.server import server_env
from tests.support.lsp.wire import edit

HERE = Path(__file__).resolve().parent

TEXT = (
    'import sqlite3\n\nSTRIPE_KEY = "sk_live_" "51HbQxT2eZvKYlo2C8rS9mN4pQ7wX3vB6"\n\n'
    "def find(conn, name):\n    cur = conn.cursor()\n    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
    "    try:\n        cur.fetchone()\n    except Exception:\n        pass\n"
)


def test_tree_sitter_objects_are_created_on_the_analysis_thread_only(start_wire, tmp_path: Path):
    record = tmp_path / "threads.txt"
    (tmp_path / "other.py").write_text(TEXT, encoding="utf-8")
    env = server_env(BACKLINT_CACHE_DIR=str(tmp_path / "cache"))  # no API key: the offline expert
    wire = start_wire([sys.executable, str(HERE / "traced_server.py"), str(record)], env=env, cwd=tmp_path)
    # A long debounce, so that commands meet text the worker has not analysed yet.
    wire.answer = lambda message: [{"debounceMs": 60_000}] if message["method"] == "workspace/configuration" else None
    caps = {
        "workspace": {"configuration": True},
        "textDocument": {
            "codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}},
                "resolveSupport": {"properties": ["edit"]},
            }
        },
    }
    wire.initialize(tmp_path, capabilities=caps)
    uri = (tmp_path / "service.py").as_uri()
    wire.open(uri, TEXT)
    diagnostics = wire.published(uri, 1)
    assert {d["code"] for d in diagnostics} >= {"BL101", "BL201"}
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 12, "character": 0}}
    actions = wire.call(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": diagnostics}},
    )["result"]
    for action in actions:
        if isinstance(action.get("data"), dict) and action["data"].get("kind") == "backlint.fix":
            assert "result" in wire.call("codeAction/resolve", action)
    assert "BL201" in wire.hover(uri, 9, 5)["result"]["contents"]["value"]
    fingerprint = next(d["data"]["fingerprint"] for d in diagnostics if d["code"] == "BL201")
    wire.change(uri, 2, edit(0, 0, 0, 0, "# edited\n"))  # not analysed yet: the debounce is long
    for command in ("backlint.explain", "backlint.fix", "backlint.showPayload"):
        answer = wire.call("workspace/executeCommand", {"command": command, "arguments": [uri, fingerprint]})
        assert "result" in answer, answer
    scan = wire.call("workspace/executeCommand", {"command": "backlint.scanWorkspace", "arguments": []})
    assert scan["result"]["files"] >= 1
    assert wire.stop() == 0
    threads = {line.split(" ", 1)[1] for line in record.read_text(encoding="utf-8").splitlines()}
    assert len(threads) == 1 and next(iter(threads)).startswith("backlint-analysis"), record.read_text()
