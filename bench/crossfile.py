"""What following SQL across functions and files costs, and how fast a change to a helper reaches an
open caller in the editor.

  - scan: every file of each project analysed in this process, once with the cross-file summaries
    (SQL runners, builders, helpers returning fixed text, the classes JS/TS fields hold) and once
    with every such question answered "nothing known"; the ratio is the cost of the flow;
  - keystroke file: the 10,000-line file of bench/lsp_latency.py analysed whole, with and without;
  - editor: the real `backlint serve` over stdio with only the caller open; the helper is rewritten
    on disk (it stops running its SQL, then runs it again) and announced with
    workspace/didChangeWatchedFiles: the seconds until the caller's diagnostics follow; and
    bench/lsp_latency.py's keystrokes and opens, for the server and for one without cross-file flow.
Median and p95 where there are runs. Timings are printed, never asserted.

    .venv/bin/python bench/crossfile.py --trees ../realworld spring-halo koa-outline [--runs 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_latency import Client, python_source, summary

# The facts that carry one file's summary to another's analysis (core/facts.py).
CROSS_FILE_FACTS = ("sql-runners", "sql-builders", "sql-fixed-return", "js-constructed-with")


@contextlib.contextmanager
def cross_file(enabled: bool) -> Iterator[None]:
    from backlint.core import facts
    from backlint.core.checks import sql_fixed_returns, sql_js_fields, sql_remote_builders, sql_wrappers

    for cache in (
        sql_wrappers._SUMMARIES,
        sql_wrappers._BY_CONTENT,
        sql_remote_builders._SUMMARIES,
        sql_fixed_returns._ANSWERS,
        sql_fixed_returns._PARSED,
        sql_js_fields._INDEX,
    ):
        cache.clear()  # each measurement starts as a fresh process would
    saved = {kind: facts._evaluators[kind] for kind in CROSS_FILE_FACTS}
    if not enabled:
        for kind in CROSS_FILE_FACTS:
            facts._evaluators[kind] = lambda *_arguments: []
    try:
        yield
    finally:
        facts._evaluators.update(saved)


def scan(root: Path, enabled: bool) -> tuple[int, float, int]:
    from backlint.core import engine, walk
    from backlint.core.config import Settings

    settings = Settings()
    files = walk.collect([root], settings).files
    with cross_file(enabled):
        started = time.perf_counter()
        findings = sum(len(engine.analyze_file(path, settings).findings) for path in files)
        return len(files), time.perf_counter() - started, findings


def keystroke_file(enabled: bool, runs: int) -> tuple[float, float]:
    from backlint.core import engine

    text = python_source(10_000, 5)
    samples = []
    with cross_file(enabled):
        for run in range(runs):
            started = time.perf_counter()
            engine.analyze(text, path=f"/tmp/crossfile-bench/typing_{run}.py", language="python")
            samples.append(time.perf_counter() - started)
    return summary(samples)


RUNNER = (
    "import sqlite3\n\n\ndef run_query(conn, sql):\n    cur = conn.cursor()\n    cur.execute(sql)\n    return cur\n"
)
NOT_A_RUNNER = "def run_query(conn, sql):\n    return sql.split()\n"
CALLER = (
    "from .db import run_query\n\n\n"
    "def find(conn, name):\n"
    "    return run_query(conn, f\"SELECT * FROM users WHERE name = '{name}'\")\n"
)


class DiagnosticsClient(Client):
    """The bench's LSP client, remembering how many diagnostics each publication held."""

    async def caller_follows(self, uri: str, after: float, count: int) -> float:
        deadline = after + 30
        while time.perf_counter() < deadline:
            latest = self.last_diagnostics.get(uri)
            if latest is not None and latest[0] >= after and latest[1] == count:
                return latest[0] - after
            await asyncio.sleep(0.005)
        raise TimeoutError(f"{uri} never showed {count} diagnostics")


async def editor(runs: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="backlint-crossfile-") as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
        (root / "app").mkdir()
        (root / "app" / "__init__.py").write_text("", encoding="utf-8")
        helper = root / "app" / "db.py"
        helper.write_text(RUNNER, encoding="utf-8")
        caller = root / "app" / "handlers.py"
        caller.write_text(CALLER, encoding="utf-8")
        client = DiagnosticsClient([sys.executable, "-m", "backlint", "serve"], None)
        await client.start(root)
        await client.ready()
        at = client.open(caller.as_uri(), CALLER)
        await client.caller_follows(caller.as_uri(), at, 1)
        samples = []
        for run in range(runs):
            text, expected = (NOT_A_RUNNER, 0) if run % 2 == 0 else (RUNNER, 1)
            helper.write_text(text, encoding="utf-8")
            at = time.perf_counter()
            client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": helper.as_uri(), "type": 2}]})
            samples.append(await client.caller_follows(caller.as_uri(), at, expected))
        await client.stop()
        return summary(samples)


# `backlint serve` with every cross-file question answered "nothing known", for the editor comparison.
SERVE_WITHOUT = (
    "import sys\n"
    "from backlint.core import checks, facts\n"
    f"for kind in {CROSS_FILE_FACTS!r}:\n"
    "    facts._evaluators[kind] = lambda *_arguments: []\n"
    "from backlint.cli import main\n"
    "sys.exit(main(['serve']))\n"
)


async def editor_keystrokes(runs: int) -> dict[str, dict]:
    """lsp_latency's measurements (debounce 0) of the real server and of one without cross-file flow."""
    from lsp_latency import measure

    out = {}
    for name, command in (
        ("with", [sys.executable, "-m", "backlint", "serve"]),
        ("without", [sys.executable, "-c", SERVE_WITHOUT]),
    ):
        with tempfile.TemporaryDirectory(prefix="backlint-crossfile-") as folder:
            out[name] = await measure(name, command, {"debounceMs": 0}, runs, Path(folder), 5)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=Path, required=True, help="folder holding the fetched projects")
    parser.add_argument("projects", nargs="+")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"{'project':<16} {'files':>6} {'with (s)':>9} {'without (s)':>12} {'ratio':>6}  findings with/without")
    for name in args.projects:
        files, without, found_without = scan(args.trees / name, False)
        _files, with_flow, found_with = scan(args.trees / name, True)
        ratio = with_flow / without
        print(f"{name:<16} {files:>6} {with_flow:>9.2f} {without:>12.2f} {ratio:>6.2f}  {found_with}/{found_without}")
    with_ms = keystroke_file(True, args.runs)
    without_ms = keystroke_file(False, args.runs)
    print(
        "10,000-line file, whole analysis (ms, median / p95): "
        f"with {with_ms[0]:.1f} / {with_ms[1]:.1f}, without {without_ms[0]:.1f} / {without_ms[1]:.1f}"
    )
    follows = asyncio.run(editor(args.runs))
    print(f"helper changed on disk -> open caller re-checked (ms, median / p95): {follows[0]:.0f} / {follows[1]:.0f}")
    measured = asyncio.run(editor_keystrokes(args.runs))
    for row in ("keystroke 10,000 lines", "in-word keystroke 10,000 lines", "open 10,000 lines"):
        (with_median, with_p95), (without_median, without_p95) = measured["with"][row], measured["without"][row]
        print(
            f"server, {row} (ms, median / p95): with {with_median:.1f} / {with_p95:.1f}, "
            f"without {without_median:.1f} / {without_p95:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
