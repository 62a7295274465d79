"""Command line: `backlint check`, `backlint rules`, `backlint serve`.

Exit codes follow linters: 0 clean, 1 findings, 2 a tool or usage error. A scan that failed never
reads as clean.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("backlint")
    except PackageNotFoundError:
        return "0+unknown"


class _VersionAction(argparse.Action):
    # importlib.metadata costs ~40 ms: look the version up only when asked.
    def __call__(self, parser, namespace, values, option_string=None):
        print(f"backlint {_version()}")
        parser.exit(EXIT_CLEAN)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 already; keep the message short and clear
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"backlint: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="backlint", description="Reviews backend code: SQL injection, swallowed errors, secrets.")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="check files or folders (default: the current folder)")
    check.add_argument("paths", nargs="*", type=Path, default=[Path(".")])
    check.add_argument(
        "--format",
        choices=("text", "full", "json", "sarif"),
        default="text",
        help="text: a line per finding; full: also the code, with carets under the flagged part",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: when stdout is a terminal and NO_COLOR is not set)",
    )
    check.add_argument(
        "--no-cache", action="store_true", help="analyse every file again, without reading or writing the cache"
    )
    check.add_argument("--output", "-o", type=Path, help="write the report to a file instead of stdout")
    check.add_argument(
        "--select", action="append", default=[], help="rule ids, prefixes, names or categories (comma-separated)"
    )
    check.add_argument("--ignore", action="append", default=[], help="rule ids, prefixes, names or categories to skip")
    check.add_argument(
        "--fail-on",
        choices=("info", "warning", "error"),
        default="info",
        help="lowest severity that makes the exit code 1",
    )
    check.add_argument(
        "--min-confidence", choices=("low", "medium", "high"), help="hide findings below this confidence"
    )
    check.add_argument(
        "--include-tests",
        action="store_true",
        help="also check test code with every rule (findings there at low confidence)",
    )
    check.add_argument("--show-suppressed", action="store_true", help="also list findings silenced by comments")
    check.add_argument(
        "--report-unused-ignores",
        action="store_true",
        help="report suppression comments that suppress nothing (exit 1 when there are some)",
    )
    check.add_argument(
        "--config", type=Path, help="a backlint.toml or pyproject.toml to use instead of the nearest one"
    )
    check.add_argument(
        "--diff",
        metavar="REF",
        help="report only findings on lines added or changed since git REF (untracked files count as new)",
    )
    baseline = check.add_mutually_exclusive_group()
    baseline.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings not recorded in FILE (default: `baseline` in the configuration)",
    )
    baseline.add_argument(
        "--write-baseline", type=Path, metavar="FILE", help="record every current finding in FILE and exit 0"
    )
    check.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: all cores)")

    rules = commands.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("--explain", metavar="RULE", help="print one rule's record, e.g. BL101")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--write-docs", type=Path, metavar="DIR", help="write a Markdown page per rule into DIR")

    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address, for debugging")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "serve":
            return _serve(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    return EXIT_ERROR


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _load_settings(args):
    from .core import config, rules

    known = rules.known_rule_keys()
    if args.config:
        if not args.config.is_file():
            raise config.ConfigError(f"{args.config}: no such file")
        raw = config.read_config_table(args.config)
        settings = config.parse_settings(
            raw,
            origin=str(args.config),
            base=config.Settings(root=str(args.config.resolve().parent)),
            known_rules=known,
        )
    else:
        # From the first path that exists: a missing one is reported by the walk (exit 2), and must
        # not make a folder that is not there the source root of the report.
        start = next((path for path in args.paths if path.exists()), Path("."))
        settings = config.load_settings(start, known_rules=known)
    overrides: dict[str, object] = {}  # keys and values as [tool.backlint] spells them
    if args.select:
        overrides["select"] = list(_split(args.select))
    if args.ignore:
        overrides["ignore"] = list(settings.ignore + _split(args.ignore))
    if args.min_confidence:
        overrides["min_confidence"] = args.min_confidence
    if args.include_tests:
        overrides["include_tests"] = True
    if args.report_unused_ignores:
        overrides["report_unused_ignores"] = True
    if overrides:
        settings = config.parse_settings(overrides, origin="command line", base=settings, known_rules=known)
    return settings


def _check(args) -> int:
    from .core import config, report, walk
    from .core.model import Severity

    try:
        settings = _load_settings(args)
    except config.ConfigError as error:
        print(f"backlint: configuration error: {error}", file=sys.stderr)
        return EXIT_ERROR
    from .core.querypaths import CatalogError
    from .core.rules import all_rules

    try:
        rule_list = all_rules()
    except CatalogError as error:
        print(f"backlint: broken rule catalog: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "sarif":
        from .core import ruledocs

        try:
            ruledocs.docs_url()
        except ruledocs.DocsUrlError as error:
            print(f"backlint: configuration error: {error}", file=sys.stderr)
            return EXIT_ERROR

    from .core import baseline

    known: baseline.Baseline | None = None
    baseline_file = args.baseline or (Path(settings.baseline) if settings.baseline else None)
    if baseline_file is not None and not args.write_baseline:
        try:
            known = baseline.load(baseline_file)  # before the scan: a bad file fails at once
        except baseline.BaselineError as error:
            print(f"backlint: baseline error: {error}", file=sys.stderr)
            return EXIT_ERROR

    changes = None
    if args.diff:
        from .core import gitdiff

        try:  # before the scan: outside a work tree or with an unknown ref, fail at once
            changes = gitdiff.changes_since(args.diff, Path(args.paths[0]) if args.paths else Path("."))
        except gitdiff.DiffError as error:
            print(f"backlint: {error}", file=sys.stderr)
            return EXIT_ERROR

    collected = walk.collect(list(args.paths), settings)
    findings, notes = _scan(collected.files, settings, args.jobs, _open_cache(args, settings))
    if changes is not None:
        findings = [f for f in findings if changes.touches(f.path, f.span.start.line + 1, f.span.end.line + 1)]
    notes = _once(collected.notes + notes)
    if args.write_baseline:
        return _write_baseline(args.write_baseline, findings, notes, settings)
    stale = 0
    if known is not None:
        filtered = baseline.apply(known, findings, settings.relative)
        findings, stale = filtered.findings, filtered.stale
    root = Path(settings.root) if settings.root else Path(".")
    if args.format in ("text", "full"):
        output = report.text(
            findings,
            notes,
            files_checked=len(collected.files),
            show_suppressed=args.show_suppressed,
            palette=report.COLOURED if _colour(args) else report.PLAIN,
            with_source=args.format == "full",
        )
    elif args.format == "json":
        output = report.to_json(
            findings, notes, files_checked=len(collected.files), show_suppressed=args.show_suppressed
        )
    else:
        output = report.sarif(
            findings, notes, rule_list, root=root, version=_version(), show_suppressed=args.show_suppressed
        )
    # Notes are for people, on stderr, before the report (so they read above it in a terminal):
    # every note in text mode, where stdout holds only findings and the summary; in JSON and SARIF,
    # which carry all the notes, the errors only, so a failed scan is never silent.
    shown = notes if args.format in ("text", "full") else report.failed(notes)
    if shown:
        sys.stderr.write("".join(report.note_line(note) + "\n" for note in shown))
        sys.stderr.flush()
    if stale:
        print(
            f"{stale} baseline {'entry' if stale == 1 else 'entries'} no longer "
            f"{'matches' if stale == 1 else 'match'}: the file can shrink (--write-baseline)",
            file=sys.stderr,
        )
    if args.output:
        try:
            args.output.write_text(output, encoding="utf-8")
        except OSError as error:
            print(f"backlint: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    if report.failed(notes):
        return EXIT_ERROR
    threshold = Severity.parse(args.fail_on)
    if any(f.severity >= threshold for f in findings if not f.suppressed):
        return EXIT_FINDINGS
    if any(note.kind == "unused-suppression" for note in notes):
        return EXIT_FINDINGS  # asked for with --report-unused-ignores (or report-unused-ignores = true)
    return EXIT_CLEAN


def _write_baseline(path: Path, findings: list, notes: list, settings) -> int:
    """Record the findings; a scan that failed would record too little, so nothing is written."""
    from .core import baseline, report

    failed = report.failed(notes)
    if failed:
        sys.stderr.write("".join(report.note_line(note) + "\n" for note in failed))
        print(f"backlint: {path} not written: the scan failed (above)", file=sys.stderr)
        return EXIT_ERROR
    recorded = baseline.from_findings(findings, settings.relative)
    try:
        baseline.write(path, recorded)
    except baseline.BaselineError as error:
        print(f"backlint: baseline error: {error}", file=sys.stderr)
        return EXIT_ERROR
    print(f"Wrote {len(recorded)} finding{'s' if len(recorded) != 1 else ''} to the baseline {path}.")
    return EXIT_CLEAN


def _once(notes: list) -> list:
    """Each note once, in order (a path named twice must not be reported twice)."""
    seen: set[tuple] = set()
    unique = []
    for note in notes:
        key = (note.path, note.kind, note.message)
        if key not in seen:
            seen.add(key)
            unique.append(note)
    return unique


def _open_cache(args, settings):
    """The result cache at the project root (core/cache.py), or None with --no-cache."""
    if args.no_cache:
        return None
    from .core import cache, config, roles

    # Where the configuration is, else the project (the nearest .git or project file), else the
    # folder checked: the place ruff keeps its cache too.
    start = next((path for path in args.paths if path.exists()), Path("."))
    folder = (start if start.is_dir() else start.parent).absolute()
    configuration = args.config or config.find_config(start)
    root = configuration.absolute().parent if configuration else roles.project_root(str(folder / "_")) or folder
    return cache.ResultCache.open(cache.default_folder(root), settings)


def _colour(args) -> bool:
    """--color always/never wins; else NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal."""
    if args.color != "auto":
        return args.color == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return args.output is None and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _scan(files: list[Path], settings, jobs: int, cache=None):
    from .core import scan
    from .progress import Progress

    results = {}
    progress = Progress(total=len(files))
    try:
        for result in scan.scan(files, settings, jobs=jobs, cache=cache):
            results[result.path] = result
            progress.advance()
    finally:
        progress.close()
    findings, notes = [], []
    for path in files:  # notes in the walk's order, whichever files came from the cache
        findings.extend(results[path].findings)
        notes.extend(results[path].notes)
    findings.sort(key=lambda f: f.sort_key())
    return findings, notes


def _rules(args) -> int:
    import json

    from .core import rules
    from .core.querypaths import CatalogError

    try:
        records = rules.shared_records()
        all_rules = rules.all_rules()
    except CatalogError as error:
        print(f"backlint: broken rule catalog: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.write_docs:
        from .core import ruledocs

        for path in ruledocs.write_all(args.write_docs):
            print(path)
        return EXIT_CLEAN
    languages_of: dict[str, list[str]] = {}
    for rule in all_rules:
        languages_of.setdefault(rule.id, []).append(rule.language)

    if args.explain:
        rule_id = args.explain.strip().upper()
        by_name = {record["name"]: key for key, record in records.items()}
        rule_id = by_name.get(args.explain.strip(), rule_id)
        if rule_id not in records:
            print(f"backlint: no rule {args.explain!r}; `backlint rules` lists them", file=sys.stderr)
            return EXIT_ERROR
        record = records[rule_id]
        per_language = [r for r in all_rules if r.id == rule_id]
        if args.format == "json":
            print(json.dumps({**record, "languages": [r.to_dict() for r in per_language]}, indent=2))
            return EXIT_CLEAN
        print(_explain_text(record, per_language))
        return EXIT_CLEAN

    if args.format == "json":
        print(json.dumps([{**records[k], "languages": languages_of.get(k, [])} for k in sorted(records)], indent=2))
        return EXIT_CLEAN
    for rule_id in sorted(records):
        record = records[rule_id]
        langs = ", ".join(languages_of.get(rule_id, [])) or "-"
        print(f"{rule_id}  {record['name']:<34} {record['category']:<15} {record['severity']:<8} {langs}")
    return EXIT_CLEAN


def _explain_text(record: dict, per_language) -> str:
    def wrap(text: str) -> str:
        return "\n".join(textwrap.fill(p, width=96) for p in text.strip().split("\n\n"))

    out = [
        f"{record['id']} {record['name']}  "
        f"({record['category']}, {record['severity']}, {record['confidence']} confidence)",
        "",
        wrap(record["summary"]),
        "",
        "Why it matters",
        wrap(" ".join(record["why"].split())),
    ]
    for rule in per_language:
        out += [
            "",
            f"In {rule.language}:",
            textwrap.indent(rule.example, "    "),
            "",
            "Instead:",
            textwrap.indent(rule.use_instead, "    "),
        ]
        if rule.fix:
            out.append(f"    (quick fix available: {rule.fix})")
    if record.get("cwe"):
        out += ["", "CWE: " + ", ".join(record["cwe"])]
    for reference in record.get("references", []):
        out.append(f"See: {reference}")
    return "\n".join(out)


def _serve(args) -> int:
    tcp = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            print("backlint: --tcp takes HOST:PORT, e.g. 127.0.0.1:2087", file=sys.stderr)
            return EXIT_ERROR
        tcp = (host, int(port))
    if tcp is None:
        # Not through lsp.server: importing it takes most of a second, and quickstart answers the
        # editor's `initialize` meanwhile.
        from .lsp.quickstart import serve_stdio

        serve_stdio()
    else:
        from .lsp.server import serve_tcp

        serve_tcp(tcp)
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
