"""Precision and recall of backlint on a labelled corpus of realistic backend code.

Every line where a finding should be reported carries a comment on the line before it (alone on its
line) or at its end: `# expect: sql-injection` / `// expect: secret, error-handling`. A finding
counts by (family, line): its category and the 0-based line its span starts on. Suppressed findings
do not count. Files are analysed under their path relative to the corpus root, so the engine sees
production-like paths, not a test folder.

    python bench/accuracy.py [CORPUS | --corpus DIR] [--details] [--json] [--min 0.9]

Always exits 0 (it is a measurement) unless --min is given and some family x language cell with
labels or findings has precision or recall below it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from backlint.core import engine, languages
from backlint.core.model import CATEGORIES

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "accuracy"

# `expect:` inside a line comment; several families may be listed, separated by commas.
_EXPECT = re.compile(r"(?:#|//)\s*expect:\s*(?P<families>[a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$")
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//)")

# tsx shares typescript's rules; report it under typescript.
_REPORTED_LANGUAGE = {"tsx": "typescript"}


class LabelError(ValueError):
    pass


def expected_labels(path: Path) -> set[tuple[str, int]]:
    """(family, 0-based line) pairs the corpus file asks for."""
    labels: set[tuple[str, int]] = set()
    pending: list[tuple[str, int]] = []  # families from comment-only lines, waiting for the next code line
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines):
        match = _EXPECT.search(text)
        families = [f.strip() for f in match.group("families").split(",")] if match else []
        for family in families:
            if family not in CATEGORIES:
                raise LabelError(
                    f"{path}:{number + 1}: unknown family {family!r} (expected one of {', '.join(CATEGORIES)})"
                )
        if match and _COMMENT_ONLY.match(text):
            pending.extend((family, number) for family in families)
            continue
        if match:
            labels.update((family, number) for family in families)
        if pending and text.strip():
            labels.update((family, number) for family, _ in pending)
            pending = []
    if pending:
        raise LabelError(f"{path}:{pending[0][1] + 1}: expect comment with no code line after it")
    return labels


@dataclass
class Cell:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else None

    def add(self, other: Cell) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall}


@dataclass
class Miss:
    kind: str  # "FP" | "FN"
    path: str
    line: int  # 1-based
    family: str
    language: str
    rules: list[str] = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "family": self.family,
            "language": self.language,
            "rules": self.rules,
            "text": self.text,
        }


@dataclass
class Result:
    cells: dict[tuple[str, str], Cell] = field(default_factory=lambda: defaultdict(Cell))
    misses: list[Miss] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: int = 0

    def by_family(self) -> dict[str, Cell]:
        totals: dict[str, Cell] = defaultdict(Cell)
        for (family, _language), cell in self.cells.items():
            totals[family].add(cell)
        return totals

    def overall(self) -> Cell:
        total = Cell()
        for cell in self.cells.values():
            total.add(cell)
        return total


def corpus_files(root: Path) -> list[Path]:
    """Source files in the corpus's language folders (files at its top level are its own tooling)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.parent != root and "__pycache__" not in p.parts and languages.for_path(p) is not None
    )


@dataclass
class FileOutcome:
    language: str
    findings: list[tuple[str, int, str]]  # (category, 0-based line, rule id), unsuppressed only
    errors: list[str]


def analyze(path: Path, relative: str) -> FileOutcome:
    # The shown path is relative to the corpus root; checks that read other files (a SQL helper in
    # db.py, a compose file) resolve it from the working directory, as the CLI's paths are.
    root = Path(str(path)[: -len(relative)])
    if Path.cwd() != root:
        os.chdir(root)
    analysis = engine.analyze_file(path, display_path=relative)
    language = analysis.language or (languages.for_path(path).name if languages.for_path(path) else "")
    findings = [(f.category, f.span.start.line, f.rule_id) for f in analysis.findings if not f.suppressed]
    errors = [f"{relative}: {note.message}" for note in analysis.notes if note.kind == "error"]
    return FileOutcome(language, findings, errors)


def _crashed(path: Path, relative: str) -> FileOutcome:
    spec = languages.for_path(path)
    return FileOutcome(spec.name if spec else "", [], [f"{relative}: the analysis process crashed"])


def _analyze_alone(path: Path, relative: str, context) -> FileOutcome:
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(analyze, path, relative).result()
        except BrokenProcessPool:
            return _crashed(path, relative)


def analyze_all(items: list[tuple[Path, str]], isolate: bool) -> dict[str, FileOutcome]:
    """Outcomes by relative path. Isolated runs use forked workers, so that a crash in native code
    costs the file that caused it, not the whole measurement."""
    if not isolate or "fork" not in multiprocessing.get_all_start_methods():
        return {relative: analyze(path, relative) for path, relative in items}
    context = multiprocessing.get_context("fork")
    outcomes: dict[str, FileOutcome] = {}
    try:
        with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1), mp_context=context) as pool:
            futures = {pool.submit(analyze, path, relative): relative for path, relative in items}
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
    except BrokenProcessPool:
        pass  # one file crashed a worker: finish the rest one process per file to find which
    for path, relative in items:
        if relative not in outcomes:
            outcomes[relative] = _analyze_alone(path, relative, context)
    return outcomes


def measure(root: Path, isolate: bool = True) -> Result:
    root = root.resolve()  # analyses change the working directory to the corpus root
    result = Result()
    labelled: list[tuple[Path, str, set[tuple[str, int]]]] = []
    for path in corpus_files(root):
        relative = path.relative_to(root).as_posix()
        try:
            labelled.append((path, relative, expected_labels(path)))
        except (LabelError, UnicodeDecodeError) as error:
            result.errors.append(str(error))
    outcomes = analyze_all([(path, relative) for path, relative, _ in labelled], isolate)
    for path, relative, wanted in labelled:
        outcome = outcomes[relative]
        result.files += 1
        result.errors.extend(outcome.errors)
        found_rules: dict[tuple[str, int], list[str]] = defaultdict(list)
        for category, line, rule_id in outcome.findings:
            found_rules[(category, line)].append(rule_id)
        found = set(found_rules)
        rules_by_line: dict[int, set[str]] = defaultdict(set)
        for _category, line, rule_id in outcome.findings:
            rules_by_line[line].add(rule_id)
        language = _REPORTED_LANGUAGE.get(outcome.language, outcome.language)
        source_lines = path.read_text(encoding="utf-8").splitlines()
        for family in CATEGORIES:
            cell = result.cells[(family, language)]
            cell.tp += sum(1 for key in wanted & found if key[0] == family)
        for kind, keys in (("FP", found - wanted), ("FN", wanted - found)):
            for family, line in sorted(keys, key=lambda k: (k[1], k[0])):
                cell = result.cells[(family, language)]
                if kind == "FP":
                    cell.fp += 1
                else:
                    cell.fn += 1
                # Every rule on the line, whatever its family: a miss is often a finding filed
                # under another family.
                rules = sorted(rules_by_line.get(line, ()))
                text = source_lines[line].strip() if line < len(source_lines) else ""
                result.misses.append(Miss(kind, relative, line + 1, family, language, rules, text[:100]))
    return result


def _ratio(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def print_table(result: Result, out=sys.stdout) -> None:
    languages_seen = sorted({language for _family, language in result.cells})
    header = f"{'family':<15} {'language':<11} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6}"
    print(header, file=out)
    print("-" * len(header), file=out)

    def row(family: str, language: str, cell: Cell) -> None:
        print(
            f"{family:<15} {language:<11} {cell.tp:>4} {cell.fp:>4} {cell.fn:>4} "
            f"{_ratio(cell.precision):>6} {_ratio(cell.recall):>6}",
            file=out,
        )

    for family in CATEGORIES:
        for language in languages_seen:
            row(family, language, result.cells.get((family, language), Cell()))
        row(family, "all", result.by_family()[family])
        print("-" * len(header), file=out)
    row("overall", "all", result.overall())
    print(f"\n{result.files} files", file=out)


def print_details(result: Result, out=sys.stdout) -> None:
    for miss in sorted(result.misses, key=lambda m: (m.kind, m.family, m.path, m.line)):
        rules = ",".join(miss.rules) or "-"
        print(f"{miss.kind} {miss.family:<15} {miss.path}:{miss.line} [{rules}] {miss.text}", file=out)


def failing_cells(result: Result, minimum: float) -> list[str]:
    failures = []
    for (family, language), cell in sorted(result.cells.items()):
        for name, value in (("precision", cell.precision), ("recall", cell.recall)):
            if value is not None and value < minimum:
                failures.append(f"{family}/{language} {name} {value:.2f} < {minimum:.2f}")
    return failures


def to_json(result: Result) -> dict:
    return {
        "files": result.files,
        "cells": [
            {"family": family, "language": language, **cell.to_dict()}
            for (family, language), cell in sorted(result.cells.items())
        ],
        "families": {family: cell.to_dict() for family, cell in sorted(result.by_family().items())},
        "overall": result.overall().to_dict(),
        "misses": [miss.to_dict() for miss in result.misses],
        "errors": result.errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=None, help="labelled corpus folder")
    parser.add_argument(
        "--corpus",
        dest="corpus_option",
        type=Path,
        default=None,
        metavar="DIR",
        help="labelled corpus folder (same as the positional argument; default tests/accuracy)",
    )
    parser.add_argument("--details", action="store_true", help="list every false positive and false negative")
    parser.add_argument("--json", action="store_true", help="print the measurement as JSON")
    parser.add_argument("--min", type=float, default=None, metavar="X", help="exit 1 when any cell is under X")
    parser.add_argument(
        "--in-process", action="store_true", help="analyse in this process (faster; a crash ends the run)"
    )
    args = parser.parse_args(argv)
    if args.corpus is not None and args.corpus_option is not None and args.corpus != args.corpus_option:
        parser.error("give the corpus either as an argument or with --corpus, not both")
    corpus = args.corpus_option or args.corpus or DEFAULT_CORPUS
    if not corpus.is_dir():
        parser.error(f"corpus folder not found: {corpus}")

    result = measure(corpus, isolate=not args.in_process)
    if args.json:
        print(json.dumps(to_json(result), indent=2))
    else:
        print_table(result)
        if args.details:
            print()
            print_details(result)
        for error in result.errors:
            print(f"error: {error}", file=sys.stderr)
    if args.min is not None:
        failures = failing_cells(result, args.min)
        for failure in failures:
            print(f"below minimum: {failure}", file=sys.stderr)
        if failures or result.errors:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
