"""Promise 3 and the test mode: a failing feature is reported once and generically, error responses
carry no traceback and no document text, every other feature keeps working; in strict mode the same
failure is loud.

The failures are injected by tests/robustness/faulty_server.py in the server process only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.support.lsp.server import server_env
from tests.support.lsp.wire import Wire, edit

from .faulty_server import MARKER

HERE = Path(__file__).resolve().parent

DOC_MARKER = "zebra_quartz_document_text_5e1"
TEXT = f"{DOC_MARKER} = 1\n\ndef charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"


def faulty(start_wire, part: str, strict: bool, cwd: Path) -> Wire:
    env = server_env(BACKLINT_STRICT="1" if strict else "0")
    return start_wire([sys.executable, str(HERE / "faulty_server.py"), part], env=env, cwd=cwd)


def leaks(text: str) -> bool:
    return MARKER in text or DOC_MARKER in text or "Traceback" in text or "traceback" in text


def test_a_handler_raising_on_every_call_is_reported_once_and_the_rest_keeps_working(start_wire, tmp_path: Path):
    wire = faulty(start_wire, "hover", strict=False, cwd=tmp_path)
    wire.initialize(tmp_path)
    uri = (tmp_path / "billing.py").as_uri()
    wire.open(uri, TEXT)
    [diagnostic] = wire.published(uri, 1)
    hovers = [wire.hover(uri, 5, 5) for _ in range(25)]
    assert all(h.get("result") is None and "error" not in h for h in hovers)
    [message] = wire.shown_messages()  # 25 failures, one message
    assert "hover failed" in message and "log" in message and not leaks(message)
    # Everything else still works: code actions, edits, diagnostics.
    actions = wire.call(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}},
    )
    assert any("Ignore BL201" in a["title"] for a in actions["result"])
    wire.change(uri, 2, edit(0, 0, 0, 0, "# edited\n"))
    assert [d["range"]["start"]["line"] for d in wire.published(uri, 2)] == [6]
    assert len(wire.shown_messages()) == 1
    assert wire.stop() == 0
    # The details are in the log (which feature, the exception type, where it was raised), but
    # not its message at the default level: a message can quote the document.
    assert "hover failed: RuntimeError" in wire.stderr() and "faulty_server.py" in wire.stderr()
    assert DOC_MARKER not in wire.stderr()


def test_analysis_failing_everywhere_is_one_message_and_requests_still_answer(start_wire, tmp_path: Path):
    wire = faulty(start_wire, "analysis", strict=False, cwd=tmp_path)
    wire.initialize(tmp_path)
    uris = [(tmp_path / f"m{n}.py").as_uri() for n in range(3)]
    for uri in uris:
        wire.open(uri, TEXT)
        for version in range(2, 8):
            wire.change(uri, version, edit(0, 0, 0, 0, "#\n"))
    for uri in uris:
        assert wire.hover(uri, 0, 0)["result"] is None
        assert "result" in wire.call(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": []},
            },
        )
    [message] = wire.wait(lambda: wire.shown_messages())
    assert "analysis failed" in message and not leaks(message)
    assert wire.stop() == 0
    assert len(wire.shown_messages()) == 1


def test_an_unfenced_failure_answers_generically_and_exit_still_exits(start_wire, tmp_path: Path):
    wire = faulty(start_wire, "shutdown", strict=False, cwd=tmp_path)
    wire.initialize(tmp_path)
    wire.open((tmp_path / "a.py").as_uri(), TEXT)
    response = wire.call("shutdown")
    assert response["error"]["code"] == -32603
    assert "data" not in response["error"] and not leaks(json.dumps(response))
    wire.notify("exit")
    assert wire.exit_code() in (0, 1)


def test_strict_mode_makes_a_fenced_failure_loud(start_wire, tmp_path: Path):
    wire = faulty(start_wire, "hover", strict=True, cwd=tmp_path)
    wire.initialize(tmp_path)
    uri = (tmp_path / "billing.py").as_uri()
    wire.open(uri, TEXT)
    wire.published(uri, 1)
    response = wire.hover(uri, 5, 5)
    # The fence re-raised instead of answering None; the response still leaks nothing...
    assert response["error"]["code"] == -32603 and not leaks(json.dumps(response))
    # ...and the failure is shown as a strict-mode failure naming the exception, which the
    # end-to-end fixtures turn into a failing test.
    loud = wire.wait(lambda: [m for m in wire.shown_messages() if "strict mode" in m])
    assert "RuntimeError" in loud[0]
