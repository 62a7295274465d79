"""Promise 4: under load the server publishes little, never stale, stays responsive and keeps its
memory flat."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.support.lsp.wire import Wire, edit

HERE = Path(__file__).resolve().parent

UNIT = (
    "def handler_{n}(order):\n    try:\n        submit(order)\n"
    "    except ValueError:\n        log.warning('bad %s', order)\n        raise\n\n"
)
SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
CHANGES = 200


def units(count: int) -> str:
    return "".join(UNIT.replace("{n}", str(n)) for n in range(count))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def burst(wire: Wire, uri: str, first_version: int, line: int) -> int:
    """CHANGES one-character edits as fast as the pipe takes them, a hover every 20 as editors do."""
    version = first_version
    for n in range(CHANGES):
        version += 1
        wire.change(uri, version, edit(line, 0, line, 0, "x" if n % 2 == 0 else "\n"))
        if n % 20 == 19:
            assert "result" in wire.hover(uri, line, 0)
    return version


def test_a_burst_of_changes_to_a_large_file_publishes_a_few_times_for_the_last_version(start_wire, tmp_path: Path):
    wire = start_wire(cwd=tmp_path)
    # The editor's default debounce (300 ms): the client sends no settings of its own.
    wire.answer = lambda message: [None] if message["method"] == "workspace/configuration" else None
    wire.initialize(tmp_path)
    text = units(1430) + SWALLOWED  # 10,015 lines
    assert len(text.splitlines()) >= 10_000
    uri = (tmp_path / "big_service.py").as_uri()
    wire.open(uri, text)
    [opened] = wire.published(uri, 1)
    assert opened["code"] == "BL201"
    baseline = rss_kib(wire.process.pid)
    rss = []
    version = 1
    for _round in range(5):
        before = len(wire.publications(uri))
        version = burst(wire, uri, version, line=5000)
        final = wire.published(uri, version)
        publications = wire.publications(uri)[before:]
        assert len(publications) <= 3, [p["version"] for p in publications]
        assert publications[-1]["version"] == version
        # The finding below the edits moved down by one line per newline typed.
        assert [d["range"]["start"]["line"] for d in final] == [10_013 + (version - 1) // 2]
        versions = [p["version"] for p in publications]
        assert versions == sorted(versions), "an older version was published after a newer one"
        rss.append(rss_kib(wire.process.pid))
    # Memory flat: later bursts do not grow what the first settled at. (A future kept per
    # notification, as pygls does unless told otherwise, grew it by about 1.1 MiB a burst.)
    assert rss[-1] - rss[0] < 2.5 * 1024, (baseline, rss)
    assert rss[0] - baseline < 60 * 1024, (baseline, rss)
    assert wire.stop() == 0


def test_a_large_parse_does_not_block_hover_or_cancellation_elsewhere(start_wire, tmp_path: Path):
    # The worker is held inside the large document's analysis (tests/robustness/gated_server.py)
    # until the answers on the small document are in: the order is certain, not a race.
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    wire = start_wire([sys.executable, str(HERE / "gated_server.py"), str(gate)], cwd=tmp_path)
    wire.initialize(tmp_path)
    small = (tmp_path / "small.py").as_uri()
    wire.open(small, SWALLOWED)
    wire.published(small, 1)
    large = (tmp_path / "large.py").as_uri()
    wire.open(large, units(14_000) + SWALLOWED)  # about 1.9 MB: over a second of analysis
    hover = wire.request(
        "textDocument/hover", {"textDocument": {"uri": small}, "position": {"line": 3, "character": 5}}
    )
    wire.change(small, 2, edit(0, 0, 0, 0, "# edited\n"))
    # Code actions wait for the small document's analysis, queued behind the large one: cancel it.
    pending = wire.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": small},
            "range": {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 10}},
            "context": {"diagnostics": []},
        },
    )
    wire.notify("$/cancelRequest", {"id": pending})
    hovered = wire.response(hover)
    cancelled = wire.response(pending)
    assert "BL201" in hovered["result"]["contents"]["value"]
    assert cancelled["error"]["code"] == -32800
    assert wire.publications(large) == []
    with open(gate, "w", encoding="utf-8") as opening:  # let the large analysis run
        opening.write("go")
    assert [d["code"] for d in wire.published(large, 1)] == ["BL201"]
    assert [d["range"]["start"]["line"] for d in wire.published(small, 2)] == [4]
    assert wire.stop() == 0
