"""Scan throughput: `backlint check` next to the floor of reading + parsing the same files, and
next to bandit and semgrep on the same Python files when they are installed (`pip install -e .[bench]`).
semgrep runs twice: with a 3-rule sample (semgrep-rules.yml) and with rules covering what backlint's
Python rules look for (semgrep-rules-equivalent.yml), since its run time grows with its rule set.

    .venv/bin/python bench/scan.py                 # builds the corpus under bench/results/corpus
    .venv/bin/python bench/scan.py --max-files 3000 --json bench/results/scan.json

The corpus is real code already on the machine: Python from this environment's site-packages,
JavaScript from the system's npm, Java from the JDK's src.zip, and Go/TypeScript from the
project's fixtures and examples (repeated) when there is no other source. PHP, C#, Ruby, Kotlin and
Rust come from fetched real projects with `--trees DIR` (bench/realworld/fetch.sh), else from the
project's fixtures and held-out corpus (repeated). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
# (label, rule file under bench/): local rules only, the registry is not reachable.
SEMGREP_RULE_SETS = (
    ("3 sample rules", "semgrep-rules.yml"),
    ("rules equivalent to backlint's", "semgrep-rules-equivalent.yml"),
)


def _copy_limited(sources: list[Path], target: Path, limit: int, base: Path | None = None) -> int:
    count = 0
    for source in sources:
        if count >= limit:
            break
        try:
            if source.stat().st_size > 1_000_000:
                continue
            relative = source.relative_to(base) if base else Path(source.name)
        except (OSError, ValueError):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        count += 1
    return count


# The five languages added later: real code from fetched trees when given (`--trees`, the folder
# bench/realworld/fetch.sh fills), else the project's own fixtures and held-out corpus, repeated.
NEWER_LANGUAGES = (
    ("php", (".php",)),
    ("csharp", (".cs",)),
    ("ruby", (".rb",)),
    ("kotlin", (".kt",)),
    ("rust", (".rs",)),
)


def _newer_languages(target: Path, per_language: int, trees: Path | None) -> dict[str, int]:
    counts = {}
    for language, suffixes in NEWER_LANGUAGES:
        if trees is not None and trees.is_dir():
            found = sorted(p for p in trees.rglob("*") if p.suffix in suffixes and p.is_file())
            counts[language] = _copy_limited(found, target / language, per_language, base=trees)
            continue
        own = sorted(p for p in (ROOT / "tests").rglob("*") if p.suffix in suffixes and p.is_file())
        written = 0
        for copy in range(max(1, per_language // max(1, len(own)))) if own else ():
            for source in own:
                destination = target / language / f"copy{copy}" / f"{written}{source.suffix}"
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                written += 1
        counts[language] = written
    return counts


def build_corpus(target: Path, per_language: int, trees: Path | None = None) -> dict[str, int]:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    counts = {}
    site = Path(sysconfig.get_paths()["purelib"])
    python_files = sorted(p for p in site.rglob("*.py") if "backlint" not in p.parts)
    counts["python"] = _copy_limited(python_files, target / "python", per_language, base=site)
    npm = Path("/usr/lib/node_modules")
    js_files = sorted(p for p in npm.rglob("*.js") if ".min." not in p.name) if npm.is_dir() else []
    counts["javascript"] = _copy_limited(js_files, target / "javascript", per_language, base=npm)
    counts["java"] = 0
    for src_zip in [z for z in sorted(glob.glob("/usr/lib/jvm/*/lib/src.zip")) if os.path.isfile(z)][:1]:
        with zipfile.ZipFile(src_zip) as archive:
            names = [n for n in archive.namelist() if n.endswith(".java") and n.startswith("java.")][:per_language]
            for name in names:
                destination = target / "java" / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(name))
            counts["java"] = len(names)
    # Go and TypeScript: the project's own fixtures and examples, repeated to a sizeable count.
    for language, patterns in (("go", ("*.go",)), ("typescript", ("*.ts", "*.tsx"))):
        own = sorted(p for pattern in patterns for p in (ROOT / "tests").rglob(pattern))
        own += sorted(p for pattern in patterns for p in (ROOT / "examples").rglob(pattern))
        written = 0
        if own:
            copies = max(1, per_language // len(own))
            for copy in range(copies):
                for source in own:
                    destination = target / language / f"copy{copy}" / f"{written}{source.suffix}"
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, destination)
                    written += 1
        counts[language] = written
    counts.update(_newer_languages(target, per_language, trees))
    return counts


def parse_floor(files: list[Path]) -> float:
    """Seconds to read and tree-sitter-parse every file in one process: the floor any scan pays."""
    sys.path.insert(0, str(ROOT / "server"))
    from backlint.core import languages

    parsers = {}
    start = time.perf_counter()
    for path in files:
        spec = languages.for_path(path)
        if spec is None:
            continue
        parser = parsers.get(spec.name) or parsers.setdefault(spec.name, languages.new_parser(spec.name))
        parser.parse(path.read_bytes())
    return time.perf_counter() - start


def timed(command: list[str], repeat: int = 1, env: dict[str, str] | None = None) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
        code = result.returncode
    return statistics.median(times), code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-files", type=int, default=1500, help="files per language in the corpus")
    # Outside the checkout, so the project's own [tool.backlint] excludes do not apply to it.
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "backlint-bench-corpus")
    parser.add_argument("--reuse", action="store_true", help="keep an existing corpus")
    parser.add_argument(
        "--trees", type=Path, help="fetched real projects (bench/realworld) for PHP, C#, Ruby, Kotlin, Rust"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    counts = {} if args.reuse and args.corpus.is_dir() else build_corpus(args.corpus, args.max_files, args.trees)
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
    total_bytes = sum(p.stat().st_size for p in files)
    python_files = [p for p in files if p.suffix == ".py"]
    backlint = [str(Path(sys.executable).with_name("backlint"))]
    if not Path(backlint[0]).exists():
        backlint = [sys.executable, "-m", "backlint"]

    floor = parse_floor(files)
    scan, scan_code = timed([*backlint, "check", str(args.corpus), "--format", "json", "-o", os.devnull, "--no-cache"])
    scan_one, _ = timed(
        [*backlint, "check", str(args.corpus), "--format", "json", "-o", os.devnull, "-j", "1", "--no-cache"]
    )
    empty = args.corpus / "python" / "__empty_startup__.py"
    empty.write_text("", encoding="utf-8")
    startup, _ = timed([*backlint, "check", str(empty), "--no-cache"], repeat=5)
    empty.unlink()

    rows = [
        ("read + parse floor (1 process)", floor, len(files), total_bytes),
        (f"backlint check (all {os.cpu_count()} cores)", scan, len(files), total_bytes),
        ("backlint check (1 process)", scan_one, len(files), total_bytes),
    ]
    py_bytes = sum(p.stat().st_size for p in python_files)
    py_list = args.corpus / "python"
    peers = {}
    if shutil.which("bandit") or Path(sys.executable).with_name("bandit").exists():
        bandit = (
            str(Path(sys.executable).with_name("bandit"))
            if Path(sys.executable).with_name("bandit").exists()
            else "bandit"
        )
        peers["bandit"] = timed([bandit, "-r", "-q", "-f", "json", "-o", os.devnull, str(py_list)])[0]
    semgrep_bin = Path(sys.executable).with_name("semgrep")
    if semgrep_bin.exists() or shutil.which("semgrep"):
        semgrep = str(semgrep_bin) if semgrep_bin.exists() else "semgrep"
        env = {**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}
        for label, rules_file in SEMGREP_RULE_SETS:
            seconds, code = timed(
                [
                    semgrep,
                    "scan",
                    "--metrics=off",
                    "--disable-version-check",
                    "--config",
                    str(ROOT / "bench" / rules_file),
                    "--json",
                    "-o",
                    os.devnull,
                    "--jobs",
                    str(os.cpu_count()),
                    str(py_list),
                ],
                env=env,
            )
            # 0 and 1 are clean runs (with or without findings); anything else failed early, and
            # its time would flatter semgrep.
            if code not in (0, 1):
                print(f"semgrep with {rules_file} exited with {code}: left out", file=sys.stderr)
                continue
            peers[f"semgrep ({label})"] = seconds
    # Short and noisy: the median of 3 runs.
    backlint_py, _ = timed(
        [*backlint, "check", str(py_list), "--format", "json", "-o", os.devnull, "--no-cache"], repeat=3
    )
    rows.append(("backlint check, Python files only (median of 3)", backlint_py, len(python_files), py_bytes))
    for name, seconds in peers.items():
        rows.append((f"{name}, Python files only", seconds, len(python_files), py_bytes))
    for language, _suffixes in NEWER_LANGUAGES:
        folder = args.corpus / language
        own = [p for p in files if folder in p.parents]
        if own:
            seconds, _ = timed([*backlint, "check", str(folder), "--format", "json", "-o", os.devnull, "--no-cache"])
            floor_here = parse_floor(own)
            size = sum(p.stat().st_size for p in own)
            rows.append((f"backlint check, {language} files only", seconds, len(own), size))
            rows.append((f"read + parse floor, {language} files", floor_here, len(own), size))

    width = max(40, *(len(name) for name, *_ in rows))
    print(f"corpus: {len(files)} files, {total_bytes / 1e6:.1f} MB {counts or ''}")
    print(f"{'what':<{width}} {'seconds':>8} {'files/s':>9} {'MB/s':>7}")
    for name, seconds, count, size in rows:
        print(f"{name:<{width}} {seconds:8.2f} {count / seconds:9.0f} {size / 1e6 / seconds:7.2f}")
    print(f"ratio backlint (all cores) / parse floor: {scan / floor:.2f}x")
    for name, seconds in peers.items():
        print(f"throughput backlint / {name} on Python: {seconds / backlint_py:.1f}x")
    print(f"start-up (check one empty file, median of 5): {startup * 1000:.0f} ms; exit code of the scan: {scan_code}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "files": len(files),
                    "bytes": total_bytes,
                    "floor_s": floor,
                    "scan_s": scan,
                    "scan_one_process_s": scan_one,
                    "startup_s": startup,
                    "python_scan_s": backlint_py,
                    "peers_s": peers,
                    "python_throughput_ratios": {name: seconds / backlint_py for name, seconds in peers.items()},
                    "semgrep_rule_sets": {f"semgrep ({label})": f"bench/{file}" for label, file in SEMGREP_RULE_SETS},
                    "counts": counts,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
