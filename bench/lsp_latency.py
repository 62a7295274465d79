"""LSP latency: the real `backlint serve` over stdio, side by side with `ruff server` when installed.

Measures, for generated Python files of 1,000 and 10,000 lines (25-line chunks of functions and a
class; one chunk in five holds a string-built SQL query and a swallowed exception, --smelly-every):
  - start-up: process spawn to the `initialize` response, and to the first diagnostics of a
    40-line file opened right after `initialized` (what an editor does with the file it shows);
  - open: didOpen to the first publishDiagnostics for that document;
  - keystroke: a one-character didChange to the diagnostics of that version (debounce 0), typed at
    the end of a line (the text turns invalid and valid again) and inside a word (stays valid);
  - memory: resident set size with 200 documents open.
Median and p95 over the runs. Timings are printed, never asserted.

    .venv/bin/python bench/lsp_latency.py [--runs 20] [--json results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

WAIT_SECONDS = 120.0

CHUNK = '''\
def load_order_{n}(cursor, order_id, status):
    """Fetch one order and its lines."""
    cursor.execute(f"SELECT * FROM orders WHERE id = {{order_id}} AND status = '{{status}}'")
    row = cursor.fetchone()
    if row is None:
        return None
    total = 0
    for line in row["lines"]:
        total += line["price"] * line["quantity"]
    return {{"id": order_id, "total": total}}


def charge_{n}(gateway, order):
    try:
        gateway.charge(order["id"], order["total"])
    except Exception:
        pass
    return order


class Basket{n}:
    def __init__(self, items):
        self.items = list(items)

    def size(self):
        return len(self.items)

'''


# The same code written well: a parameterised query and a handler that logs and re-raises.
CLEAN_CHUNK = CHUNK.replace(
    """cursor.execute(f"SELECT * FROM orders WHERE id = {{order_id}} AND status = '{{status}}'")""",
    """cursor.execute("SELECT * FROM orders WHERE id = %s AND status = %s", (order_id, status))""",
).replace(
    "    except Exception:\n        pass\n",
    '    except Exception:\n        logger.exception("charge failed")\n        raise\n',
)


def python_source(lines: int, smelly_every: int = 1) -> str:
    """About `lines` lines of Python; one 25-line chunk in `smelly_every` carries two findings."""
    parts = ["import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"]
    count = parts[0].count("\n")
    n = 0
    while count < lines:
        chunk = (CHUNK if n % smelly_every == 0 else CLEAN_CHUNK).format(n=n)
        parts.append(chunk)
        count += chunk.count("\n")
        n += 1
    return "".join(parts)


class Client:
    """A minimal LSP client over a child process' stdio."""

    def __init__(self, command: list[str], settings: dict | None):
        self.command = command
        self.settings = settings
        self.process: asyncio.subprocess.Process | None = None
        self._next_id = 0
        self._responses: dict[int, asyncio.Future] = {}
        self._published: dict[str, list[tuple[float, int | None]]] = {}
        self._publish_event = asyncio.Event()
        self.last_diagnostics: dict[str, tuple[float, int]] = {}  # uri -> (when, how many)
        self._reader: asyncio.Task | None = None

    async def start(self, root: Path) -> float:
        started = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            *self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            limit=2**26,
        )
        self._reader = asyncio.ensure_future(self._read_loop())
        await self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {"window": {"workDoneProgress": False}, "workspace": {"configuration": True}},
                "initializationOptions": self.settings,
            },
        )
        elapsed = time.perf_counter() - started
        self.notify("initialized", {})
        return elapsed

    async def ready(self) -> None:
        """Wait until the server itself answers (backlint answers `initialize` and publishes its first
        diagnostics while it is still starting): the figures below are of a running server."""
        await self.request(
            "textDocument/hover", {"textDocument": {"uri": "file:///ready.py"}, "position": {"line": 0, "character": 0}}
        )

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params=None):
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._responses[self._next_id] = future
        self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, WAIT_SECONDS)

    async def _read_loop(self) -> None:
        stdout = self.process.stdout
        while True:
            length = 0
            while True:
                line = await stdout.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(await stdout.readexactly(length))
            now = time.perf_counter()
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                if message["method"] == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self._published.setdefault(params["uri"], []).append((now, params.get("version")))
                    self.last_diagnostics[params["uri"]] = (now, len(params["diagnostics"]))
                    self._publish_event.set()
            elif message.get("id") in self._responses:
                self._responses.pop(message["id"]).set_result(message.get("result"))

    def _answer(self, message: dict) -> None:
        result = None
        if message["method"] == "workspace/configuration":
            result = [self.settings for _ in message["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    async def published(self, uri: str, after: float, version: int | None = None) -> float:
        """Seconds from `after` to the first publication for uri (of `version`, if given)."""
        deadline = time.perf_counter() + WAIT_SECONDS
        while True:
            for at, published_version in self._published.get(uri, []):
                if at >= after and (version is None or published_version in (None, version)):
                    return at - after
            self._publish_event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for {uri}")
            await asyncio.wait_for(self._publish_event.wait(), remaining)

    def open(self, uri: str, text: str) -> float:
        at = time.perf_counter()
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}
        )
        return at

    def change(self, uri: str, version: int, line: int, character: int, end_character: int, text: str) -> float:
        at = time.perf_counter()
        change = {
            "range": {
                "start": {"line": line, "character": character},
                "end": {"line": line, "character": end_character},
            },
            "text": text,
        }
        self.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
        return at

    def rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    async def stop(self) -> None:
        try:
            await self.request("shutdown")
            self.notify("exit", None)
            await asyncio.wait_for(self.process.wait(), 10)
        except (TimeoutError, ConnectionError):
            self.process.kill()
        if self._reader:
            self._reader.cancel()


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return statistics.median(ordered) * 1000, p95 * 1000


async def measure(
    name: str, command: list[str], settings: dict | None, runs: int, root: Path, smelly_every: int
) -> dict:
    results: dict[str, object] = {"server": name}
    starts, firsts = [], []
    small = python_source(40, smelly_every)
    for run in range(min(runs, 5)):
        client = Client(command, settings)
        spawned = time.perf_counter()
        starts.append(await client.start(root))
        uri = (root / f"first_{run}.py").as_uri()
        client.open(uri, small)
        firsts.append(await client.published(uri, spawned))
        await client.stop()
    results["initialize"] = summary(starts)
    results["spawn to first diagnostics"] = summary(firsts)

    client = Client(command, settings)
    await client.start(root)
    await client.ready()
    for lines in (1_000, 10_000):
        text = python_source(lines, smelly_every)
        opens = []
        for run in range(runs):
            uri = (root / f"open_{lines}_{run}.py").as_uri()
            at = client.open(uri, text)
            opens.append(await client.published(uri, at))
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        results[f"open {lines:,} lines"] = summary(opens)

        # Keystrokes in the middle of the file: type a character, delete it, and so on. At the end
        # of a line the text flips between broken (`...]1`) and fixed on every keystroke; inside a
        # word (`total` -> `totalx`) it stays valid code. tree-sitter re-parses the two very differently.
        for scenario, needle, offset in (
            ("keystroke", "total += line", None),
            ("in-word keystroke", "total += line", 9),
        ):
            uri = (root / f"typing_{lines}_{scenario.replace(' ', '_')}.py").as_uri()
            at = client.open(uri, text)
            await client.published(uri, at)
            target_line = next(i for i, line in enumerate(text.split("\n")) if i > lines // 2 and needle in line)
            column = len(text.split("\n")[target_line]) if offset is None else offset
            keystrokes = []
            for run in range(runs):
                version = run + 2
                if run % 2 == 0:
                    at = client.change(uri, version, target_line, column, column, "x" if offset is not None else "1")
                else:
                    at = client.change(uri, version, target_line, column, column + 1, "")
                keystrokes.append(await client.published(uri, at, version))
            results[f"{scenario} {lines:,} lines"] = summary(keystrokes)
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    text = python_source(1_000, smelly_every)
    baseline = client.rss_mb()
    pending = []
    for number in range(200):
        uri = (root / f"many_{number}.py").as_uri()
        pending.append((uri, client.open(uri, text)))
    for uri, at in pending:
        await client.published(uri, at)
    results["rss 200 docs (MB)"] = (client.rss_mb(), baseline)
    await client.stop()

    # The same 200 documents in a server that opened nothing else first: what a user who opens a
    # project sees (the figure above also holds what the 10,000-line files left behind).
    client = Client(command, settings)
    await client.start(root)
    await client.ready()
    started = client.rss_mb()
    pending = []
    for number in range(200):
        uri = (root / f"fresh_{number}.py").as_uri()
        pending.append((uri, client.open(uri, text)))
    for uri, at in pending:
        await client.published(uri, at)
    results["rss 200 docs, fresh server (MB)"] = (client.rss_mb(), started)
    await client.stop()
    return results


def table(columns: list[dict]) -> str:
    rows = [
        "initialize",
        "spawn to first diagnostics",
        "open 1,000 lines",
        "keystroke 1,000 lines",
        "in-word keystroke 1,000 lines",
        "open 10,000 lines",
        "keystroke 10,000 lines",
        "in-word keystroke 10,000 lines",
    ]
    header = f"{'':32}" + "".join(f"{c['server']:>28}" for c in columns)
    out = [header, f"{'(ms: median / p95)':32}"]
    for row in rows:
        out.append(f"{row:32}" + "".join(f"{c[row][0]:>17.1f} / {c[row][1]:>8.1f}" for c in columns))
    out.append(
        f"{'RSS, 200 docs open (MB)':32}"
        + "".join(f"{c['rss 200 docs (MB)'][0]:>17.0f} (idle {c['rss 200 docs (MB)'][1]:>3.0f})" for c in columns)
    )
    out.append(
        f"{'RSS, 200 docs, fresh server':32}"
        + "".join(
            f"{c['rss 200 docs, fresh server (MB)'][0]:>17.0f} (idle {c['rss 200 docs, fresh server (MB)'][1]:>3.0f})"
            for c in columns
        )
    )
    return "\n".join(out)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--smelly-every", type=int, default=5, help="one chunk in N has findings (1: every chunk)")
    args = parser.parse_args()
    # Default settings first: what a user gets (adaptive scheduling); then with the debounce forced off.
    servers = [
        ("backlint (defaults)", [sys.executable, "-m", "backlint", "serve"], {}),
        ("backlint (debounceMs 0)", [sys.executable, "-m", "backlint", "serve"], {"debounceMs": 0}),
    ]
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if Path(ruff).exists():
        servers.append(("ruff server", [ruff, "server"], None))
    else:
        print("ruff is not installed (pip install 'backlint[bench]'); measuring backlint alone", file=sys.stderr)
    columns = []
    for name, command, settings in servers:
        with tempfile.TemporaryDirectory(prefix="lsp-bench-") as folder:
            columns.append(await measure(name, command, settings, args.runs, Path(folder), args.smelly_every))
    print(table(columns))
    if args.json:
        args.json.write_text(json.dumps(columns, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
