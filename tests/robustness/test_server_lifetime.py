"""Promise 2, the end of a session: a closed pipe ends the process at once, with no busy loop and no
model request left running; `exit` codes are covered in test_server_protocol."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.support.fake_anthropic import FakeAnthropic
from tests.support.lsp.server import server_env
from tests.support.lsp.wire import Wire

SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
API_KEY = "sk-ant-api03-robustness-key-never-in-a-body-0123456789"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def close_and_reap(wire: Wire, timeout: float = 10.0) -> tuple[int, float, float]:
    """Close the server's stdin; (exit code, seconds to exit, CPU seconds spent after the close)."""
    pid = wire.process.pid
    before = cpu_seconds(pid)
    started = time.monotonic()
    wire.process.stdin.close()
    deadline = started + timeout
    while True:  # WNOHANG polling bounded by the deadline; the process normally ends in milliseconds
        reaped, status, usage = os.wait4(pid, os.WNOHANG)
        if reaped:
            break
        if time.monotonic() > deadline:
            wire.kill()
            raise AssertionError("the server did not exit after its input closed")
        wire.wait(lambda: wire.closed, timeout=max(0.0, deadline - time.monotonic()))
    elapsed = time.monotonic() - started
    wire.process.returncode = os.waitstatus_to_exitcode(status)
    return wire.process.returncode, elapsed, usage.ru_utime + usage.ru_stime - before


def test_closed_input_exits_quickly_without_spinning(start_wire, tmp_path: Path):
    wire = start_wire(cwd=tmp_path)
    wire.initialize(tmp_path)
    uri = (tmp_path / "a.py").as_uri()
    wire.open(uri, SWALLOWED)
    assert [d["code"] for d in wire.published(uri, 1)] == ["BL201"]
    code, elapsed, cpu = close_and_reap(wire)
    assert code == 1  # no shutdown came first
    assert elapsed < 5.0, elapsed
    assert cpu < 0.5, f"{cpu:.3f} s of CPU after the input closed"


def test_closed_input_hangs_up_a_model_request_in_flight(start_wire, tmp_path: Path):
    with FakeAnthropic() as fake:
        env = server_env(
            ANTHROPIC_API_KEY=API_KEY, ANTHROPIC_BASE_URL=fake.url, BACKLINT_CACHE_DIR=str(tmp_path / "cache")
        )
        wire = start_wire(env=env, cwd=tmp_path)
        settings = {"debounceMs": 0, "llm": {"maxRetries": 0, "timeoutSeconds": 120, "requestsPerMinute": 1000}}
        wire.answer = lambda message: [settings] if message["method"] == "workspace/configuration" else None
        try:
            wire.initialize(tmp_path)
            uri = (tmp_path / "billing.py").as_uri()
            wire.open(uri, SWALLOWED)
            [diagnostic] = wire.published(uri, 1)
            fake.slow()  # hold the reply until the client hangs up
            wire.request(
                "workspace/executeCommand",
                {"command": "backlint.explain", "arguments": [uri, diagnostic["data"]["fingerprint"]]},
            )
            assert fake.request_started.wait(30), "the model was never asked"
            code, elapsed, cpu = close_and_reap(wire)
            assert fake.client_disconnected.wait(10), "the model request outlived the server"
            assert code == 1 and elapsed < 5.0 and cpu < 1.0, (code, elapsed, cpu)
            assert API_KEY.encode() not in fake.sent_bytes
        finally:
            wire.kill()  # before the fake closes: it waits for the request a live server holds open
