"""The accuracy corpus is well formed: labels parse, point at plausible lines, and cover every cell.

These tests do not run the engine (bench/accuracy.py measures it); they keep the corpus honest.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from backlint.core import languages
from backlint.core.model import CATEGORIES

CORPUS = Path(__file__).resolve().parent
REPO = CORPUS.parent.parent
# Held-out corpora: written by someone who had seen neither the rules nor the fixtures, measured with
# `bench/accuracy.py --corpus tests/heldout/<name>` and never tuned against; only their form is tested.
HELD_OUT = sorted(p for p in (REPO / "tests" / "heldout").iterdir() if p.is_dir())
LANGUAGE_FOLDERS = ("python", "javascript", "typescript", "go", "java")


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_accuracy", REPO / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load_bench()

# What the labelled line must contain for the label to sit on the right line (see README.md): a
# quote in code; in a configuration format a value after `:` or `=` (YAML, .env and Dockerfile
# values are often unquoted).
_CONFIG_SECRET = re.compile(r"[\"'`]|[:=]\s*\S")
_ANCHORS = {
    "secret": re.compile(r"[\"'`]"),
    # A call, with generics in C# / Java / Kotlin style or Rust's turbofish (`query_as::<_, T>(`).
    "sql-injection": re.compile(r"\w\s*(?:::)?(<[^>]*>)?\s*\("),
    # A handler (Ruby's `rescue` too), a call, or a coroutine's launch.
    "error-handling": re.compile(r"\b(except|catch|suppress|err|_|rescue|launch)\b|\(|Client\{"),
}


def corpus_files() -> list[Path]:
    return bench.corpus_files(CORPUS)


def all_files() -> list[Path]:
    return corpus_files() + [p for root in HELD_OUT for p in bench.corpus_files(root)]


def _id(path: Path) -> str:
    return path.relative_to(REPO / "tests").as_posix()


@pytest.mark.parametrize("path", all_files(), ids=_id)
def test_labels_sit_on_plausible_lines(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    spec = languages.for_path(path)
    for family, line in bench.expected_labels(path):
        text = lines[line]
        assert "expect:" not in text or not bench._COMMENT_ONLY.match(text)
        anchor = _CONFIG_SECRET if family == "secret" and spec is not None and not spec.code else _ANCHORS[family]
        assert anchor.search(text), f"{path.name}:{line + 1} labelled {family}: {text.strip()!r}"


@pytest.mark.parametrize("path", all_files(), ids=_id)
def test_files_are_realistically_sized(path: Path):
    count = len(path.read_text(encoding="utf-8").splitlines())
    if CORPUS in path.parents:
        assert 80 <= count <= 250, f"{path.name} has {count} lines"
    elif bench.expected_labels(path):
        # Held-out services are written as small modules of a larger project (a config file, a client);
        # the cross-file corpus splits each project into handler, service and repository modules.
        minimum = 20 if any(part.startswith("crossfile") for part in path.parts) else 30
        assert minimum <= count <= 250, f"{path.name} has {count} lines"


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
def test_every_family_is_labelled_in_every_language(folder: str):
    files = [p for p in corpus_files() if p.parent.name == folder]
    assert len(files) >= 3
    counts = Counter(family for path in files for family, _ in bench.expected_labels(path))
    for family in CATEGORIES:
        assert counts[family] >= 3, f"{folder}: only {counts[family]} {family} labels"


def test_preceding_trailing_and_stacked_labels(tmp_path: Path):
    source = tmp_path / "sample.py"
    source.write_text(
        "import os\n"
        "# expect: secret\n"
        "\n"
        "TOKEN = 'abc'\n"
        "cur.execute(q)  # expect: sql-injection\n"
        "# expect: error-handling\n"
        "# expect: secret, sql-injection\n"
        "requests.get(url, auth=('u', 'p'))\n",
        encoding="utf-8",
    )
    assert bench.expected_labels(source) == {
        ("secret", 3),
        ("sql-injection", 4),
        ("error-handling", 7),
        ("secret", 7),
        ("sql-injection", 7),
    }


def test_unknown_family_and_dangling_label_are_errors(tmp_path: Path):
    unknown = tmp_path / "unknown.py"
    unknown.write_text("# expect: secrets\nTOKEN = 'abc'\n", encoding="utf-8")
    with pytest.raises(bench.LabelError, match="unknown family"):
        bench.expected_labels(unknown)
    dangling = tmp_path / "dangling.go"
    dangling.write_text("package x\n// expect: error-handling\n", encoding="utf-8")
    with pytest.raises(bench.LabelError, match="no code line"):
        bench.expected_labels(dangling)


def test_cells_compute_precision_and_recall():
    cell = bench.Cell(tp=9, fp=1, fn=3)
    assert cell.precision == pytest.approx(0.9)
    assert cell.recall == pytest.approx(0.75)
    assert bench.Cell().precision is None and bench.Cell().recall is None
    result = bench.Result()
    result.cells[("secret", "go")] = bench.Cell(tp=1, fp=1, fn=0)
    result.cells[("secret", "java")] = bench.Cell(tp=4, fp=0, fn=0)
    assert bench.failing_cells(result, 0.9) == ["secret/go precision 0.50 < 0.90"]


def _analysis_that_crashes_on_bad_files(path: Path, relative: str):
    if "bad" in relative:
        os.kill(os.getpid(), signal.SIGKILL)  # dies like a native crash, without a traceback
    return bench.FileOutcome("python", [("secret", 0, "BL000")], [])


def test_a_crashing_file_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    names = ["a_good.py", "b_bad.py", "c_good.py"]
    for name in names:
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(bench, "analyze", _analysis_that_crashes_on_bad_files)
    outcomes = bench.analyze_all([(tmp_path / name, name) for name in names], isolate=True)
    assert outcomes["b_bad.py"].errors == ["b_bad.py: the analysis process crashed"]
    assert outcomes["a_good.py"].findings == outcomes["c_good.py"].findings == [("secret", 0, "BL000")]


def test_engine_keeps_its_accuracy_on_the_labelled_corpus():
    """A regression guard, not the accuracy claim: the rules were tuned with this corpus in view
    (bench/accuracy.py --corpus DIR measures a held-out one)."""
    import subprocess
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "bench" / "accuracy.py"
    result = subprocess.run([sys.executable, str(bench), "--min", "0.85"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
