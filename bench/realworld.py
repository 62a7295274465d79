"""Real-code precision: run backlint on real open-source backends and score the judged findings.

    python bench/realworld.py --trees ../realworld             # the table, precision, unjudged counts
    python bench/realworld.py --trees ../realworld --sample 15 --write-sample triage.toml
                                                              # a seeded sample of unjudged findings
                                                              # per family, as verdict stubs to fill in

The projects are listed, pinned by commit, in bench/realworld/manifest.toml; `fetch.sh` there brings
them into the trees folder (the code is never committed). Verdicts live in
bench/realworld/verdicts.toml, one per judged finding, keyed by project, path, rule, the
fingerprint's text hash and the line (the trees are pinned by commit), so they carry over from run
to run; a verdict whose finding is gone is reported as stale, not silently counted.

Each project is scanned by the real CLI at default settings, as a new user would run it.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent / "realworld"
FAMILIES = {"1": "sql-injection", "2": "error-handling", "3": "secret"}
VERDICTS = ("TP", "FP", "debatable")
NOISE_ROLES = ("test", "vendored", "generated")


def load_manifest(path: Path) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle)["project"]


def load_verdicts(path: Path) -> dict[tuple[str, str, str, str], dict]:
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("verdict", [])
    out = {}
    for entry in entries:
        if entry.get("verdict") not in VERDICTS:
            raise SystemExit(
                f"{path}: verdict {entry.get('verdict')!r} for {entry.get('path')} is not one of {VERDICTS}"
            )
        out[(entry["project"], entry["path"], entry["rule"], _text_hash(entry["fingerprint"]), entry["line"])] = entry
    return out


def scan(backlint: str, tree: Path, extra: list[str]) -> dict:
    """The CLI's JSON report for one project (exit 1 means findings, not failure)."""
    done = subprocess.run(
        [backlint, "check", ".", "--format", "json", "--no-cache", *extra],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1, 2) or not done.stdout.strip():
        raise SystemExit(f"backlint failed on {tree} (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def key_of(project: str, finding: dict) -> tuple[str, str, str, str, int]:
    return (project, finding["path"], finding["rule"], _text_hash(finding["fingerprint"]), finding["start"]["line"])


def _text_hash(fingerprint: str) -> str:
    """The fingerprint without its occurrence number: identical lines (`except Exception:`) count
    1, 2, 3 in order, so a finding that goes away renumbers the ones after it. The trees are pinned,
    so the line tells them apart instead."""
    return fingerprint.rsplit(":", 1)[0]


def family(rule: str) -> str:
    return FAMILIES[rule[2]]


def source_lines(tree: Path, finding: dict, around: int = 3) -> str:
    try:
        lines = (tree / finding["path"]).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    line = finding["start"]["line"]
    first, last = max(1, line - around), min(len(lines), line + around)
    return "\n".join(f"{'>' if n == line else ' '}{n:5} {lines[n - 1][:160]}" for n in range(first, last + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trees", type=Path, required=True, help="folder holding one fetched tree per project")
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.toml")
    parser.add_argument("--verdicts", type=Path, default=HERE / "verdicts.toml")
    parser.add_argument("--backlint", default=str(Path(sys.executable).with_name("backlint")))
    parser.add_argument("--project", action="append", default=[], help="only these projects")
    parser.add_argument("--sample", type=int, default=0, help="unjudged findings to sample per family")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--write-sample", type=Path, help="write the sample as verdict stubs (TOML) to this file")
    parser.add_argument("--show", action="store_true", help="print the sample with its code")
    parser.add_argument("--json", type=Path, help="also write every finding (with its project) to this file")
    args = parser.parse_args(argv)

    projects = [p for p in load_manifest(args.manifest) if not args.project or p["name"] in args.project]
    verdicts = load_verdicts(args.verdicts)
    findings: list[tuple[str, dict]] = []
    files = syntax = 0
    missing = []
    for project in projects:
        tree = args.trees / project["name"]
        if not tree.is_dir():
            missing.append(project["name"])
            continue
        report = scan(args.backlint, tree, [])
        files += report["files_checked"]
        syntax += report["summary"].get("files_with_syntax_errors", 0)
        findings.extend((project["name"], f) for f in report["findings"])
    if missing:
        print(f"not fetched (skipped): {', '.join(missing)}  -- bench/realworld/fetch.sh {args.trees}")
    if args.json:
        args.json.write_text(json.dumps([{"project": p, **f} for p, f in findings], indent=1))

    print(
        f"{len(projects) - len(missing)} projects, {files:,} files, {len(findings):,} findings, "
        f"{syntax:,} files parsed with syntax errors\n"
    )
    by_rule_role: dict[str, Counter] = defaultdict(Counter)
    roles_seen: Counter = Counter()
    for _, f in findings:
        by_rule_role[f["rule"]][f["role"]] += 1
        roles_seen[f["role"]] += 1
    columns = [r for r in ("server", "browser", "migration", "script", *NOISE_ROLES) if roles_seen[r]] or ["server"]
    print(f"{'rule':<7}" + "".join(f"{c:>11}" for c in columns) + f"{'total':>8}")
    for rule in sorted(by_rule_role):
        row = by_rule_role[rule]
        print(f"{rule:<7}" + "".join(f"{row[c]:>11}" for c in columns) + f"{sum(row.values()):>8}")
    noise = sum(roles_seen[r] for r in NOISE_ROLES)
    print(f"\nin test, vendored or generated code: {noise} of {len(findings)} ({noise / max(len(findings), 1):.1%})")

    current = {key_of(p, f) for p, f in findings}
    judged: dict[str, Counter] = defaultdict(Counter)
    unjudged: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for project, f in findings:
        entry = verdicts.get(key_of(project, f))
        if entry is None:
            unjudged[family(f["rule"])].append((project, f))
        else:
            judged[family(f["rule"])][entry["verdict"]] += 1
    print(
        f"\n{'family':<16}{'findings':>9}{'judged':>8}{'TP':>5}{'FP':>5}{'deb.':>6}{'precision':>11}{'TP+deb.':>9}{'unjudged':>10}"
    )
    for name in FAMILIES.values():
        counts = judged[name]
        total = sum(counts.values())
        findings_in = total + len(unjudged[name])
        precision = f"{counts['TP'] / total:.0%}" if total else "-"
        lenient = f"{(counts['TP'] + counts['debatable']) / total:.0%}" if total else "-"
        print(
            f"{name:<16}{findings_in:>9}{total:>8}{counts['TP']:>5}{counts['FP']:>5}{counts['debatable']:>6}"
            f"{precision:>11}{lenient:>9}{len(unjudged[name]):>10}"
        )
    stale = [k for k in verdicts if k[0] in {p["name"] for p in projects} and k not in current]
    stale_fp = sum(1 for k in stale if verdicts[k]["verdict"] == "FP")
    print(f"\nverdicts whose finding is gone: {len(stale)} ({stale_fp} of them were false positives)")

    if args.sample:
        rng = random.Random(args.seed)
        sample = []
        for name in FAMILIES.values():
            pool = sorted(unjudged[name], key=lambda item: key_of(*item))
            sample.extend(rng.sample(pool, min(args.sample, len(pool))))
        if args.show:
            for project, f in sample:
                print(
                    f"\n[{project}] {f['path']}:{f['start']['line']} {f['rule']} "
                    f"({f['role']}, {f['confidence']}) {f['message']}"
                )
                print(source_lines(args.trees / project, f))
        if args.write_sample:
            args.write_sample.write_text("".join(_stub(project, f) for project, f in sample), encoding="utf-8")
            print(f"\n{len(sample)} verdict stubs written to {args.write_sample}")
    return 0


def _stub(project: str, f: dict) -> str:
    return (
        "\n[[verdict]]\n"
        f"project = {json.dumps(project)}\n"
        f"path = {json.dumps(f['path'])}\n"
        f"line = {f['start']['line']}\n"
        f"rule = {json.dumps(f['rule'])}\n"
        f"fingerprint = {json.dumps(f['fingerprint'])}\n"
        f"role = {json.dumps(f['role'])}\n"
        f"message = {json.dumps(f['message'])}\n"
        'verdict = ""  # TP | FP | debatable\n'
        'reason = ""\n'
    )


if __name__ == "__main__":
    sys.exit(main())
