"""The result cache: a cold `backlint check` next to warm re-runs of the unchanged tree, and a re-run
after one file changed.

    .venv/bin/python bench/cache.py                          # the scan bench's corpus (built if missing)
    .venv/bin/python bench/cache.py --tree /path/to/project --json figures.json

The cache goes to a fresh temporary folder (BACKLINT_CACHE_DIR), so nothing is left in the tree.
The target: a warm run of an unchanged tree takes at most 0.3x the cold run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scan import build_corpus  # a sibling script, not a package


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, help="a folder to scan (default: the scan bench's corpus)")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "backlint-bench-corpus")
    parser.add_argument("--max-files", type=int, default=800, help="files per language when building the corpus")
    parser.add_argument("--runs", type=int, default=3, help="warm runs (the median is reported)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    tree = args.tree
    if tree is None:
        tree = args.corpus
        if not tree.is_dir():
            build_corpus(tree, args.max_files)
    files = [p for p in tree.rglob("*") if p.is_file() and p.suffix in (".py", ".js", ".ts", ".tsx", ".go", ".java")]
    backlint = [str(Path(sys.executable).with_name("backlint"))]
    if not Path(backlint[0]).exists():
        backlint = [sys.executable, "-m", "backlint"]
    command = [*backlint, "check", str(tree), "--format", "json", "-o", os.devnull]

    with tempfile.TemporaryDirectory(prefix="backlint-cache-bench-") as folder:
        env = {**os.environ, "BACKLINT_CACHE_DIR": folder}
        uncached = _run([*command, "--no-cache"], env)
        cold = _run(command, env)
        warm = statistics.median(_run(command, env) for _ in range(args.runs))
        # One file changed: it alone is analysed again.
        touched = sorted(files)[len(files) // 2]
        original = touched.read_bytes()
        try:
            touched.write_bytes(original + b"\n")
            one_changed = _run(command, env)
        finally:
            touched.write_bytes(original)
        size = sum(p.stat().st_size for p in Path(folder).rglob("*.json"))

    figures = {
        "files": len(files),
        "no_cache_s": round(uncached, 3),
        "cold_s": round(cold, 3),
        "warm_s": round(warm, 3),
        "one_file_changed_s": round(one_changed, 3),
        "warm_over_cold": round(warm / cold, 3),
        "cache_bytes": size,
    }
    print(f"files                    {figures['files']}")
    print(f"--no-cache               {figures['no_cache_s']:.2f} s")
    print(f"cold (writes the cache)  {figures['cold_s']:.2f} s")
    print(f"warm (median of {args.runs})       {figures['warm_s']:.2f} s  ({figures['warm_over_cold']:.2f}x cold)")
    print(f"one file changed         {figures['one_file_changed_s']:.2f} s")
    print(f"cache size               {size / 1e6:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
