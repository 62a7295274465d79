"""How `backlint check` looks to a person: colour and when not, the full format's source excerpts,
and progress only for a terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backlint import progress

ESC = "\x1b["
SOURCE = (
    "def find(cur, name):\n"
    '\tcur.execute("SELECT * FROM users WHERE name = \'" + name + "\'")\n'
    "\n"
    "def f():\n"
    "    try:\n"
    "        g()\n"
    "    except Exception:\n"
    "        pass\n"
)
TOKEN = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    return subprocess.run(
        [sys.executable, "-m", "backlint", *args, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment | (env or {}),
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def test_no_colour_in_a_pipe_by_default(tree: Path):
    result = run("check", ".", cwd=tree)
    assert result.returncode == 1 and "BL101" in result.stdout
    assert ESC not in result.stdout and ESC not in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # the command line wins over NO_COLOR
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "0"}, False),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_choice(tree: Path, args: tuple[str, ...], env: dict[str, str], coloured: bool):
    result = run("check", ".", *args, cwd=tree, env=env)
    assert (ESC in result.stdout) is coloured, result.stdout
    plain = result.stdout
    for code in ("1;31m", "31m", "33m", "36m", "1m", "2m", "0m"):
        plain = plain.replace(ESC + code, "")
    assert plain == run("check", ".", cwd=tree).stdout


def test_colour_never_reaches_json_or_sarif(tree: Path):
    for form in ("json", "sarif"):
        assert ESC not in run("check", ".", "--format", form, "--color", "always", cwd=tree).stdout


def test_full_format_shows_the_line_with_carets_under_the_range(tree: Path):
    result = run("check", ".", "--format", "full", cwd=tree)
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "BL101" in line)
    assert lines[head].startswith("app.py:2:")
    code, carets = lines[head + 2], lines[head + 3]
    assert code.startswith("2 | ") and "\t" not in code  # a tab is shown as spaces, the carets follow
    # The finding is the call: the carets run from `execute` to its closing parenthesis.
    assert carets.index("^") == code.index("execute(")
    assert len(carets.rstrip()) == len(code) and set(carets[code.index("execute(") :]) == {"^"}
    assert "8 |         pass" not in result.stdout  # only the finding's line
    assert lines[-1].startswith("Found 2 problems")


def test_full_format_does_not_print_a_secret(tree: Path):
    (tree / "billing.py").write_text(f'STRIPE_KEY = "{TOKEN}"\n', encoding="utf-8")
    result = run("check", "billing.py", "--format", "full", cwd=tree)
    assert "BL301" in result.stdout
    assert TOKEN not in result.stdout and TOKEN[6:] not in result.stdout


def test_no_progress_in_pipes(tree: Path):
    for number in range(40):
        (tree / f"m{number}.py").write_text(SOURCE, encoding="utf-8")
    result = run("check", ".", cwd=tree)
    assert "files" not in result.stderr and "\r" not in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_waits_a_second_then_counts_and_clears(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    stream = _Terminal()
    shown = progress.Progress(total=3, stream=stream)
    shown.advance()
    assert stream.getvalue() == ""  # a quick scan prints nothing extra
    clock[0] += 1.5
    shown.advance()
    assert stream.getvalue().endswith("backlint: 2/3 files")
    shown.close()
    assert stream.getvalue().endswith("\r\x1b[2K")


@pytest.mark.parametrize("env", [{"CI": "true"}, {"TERM": "dumb"}])
def test_no_progress_in_ci_or_a_dumb_terminal(monkeypatch, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert not progress.wanted(_Terminal())
    assert not progress.wanted(io.StringIO())
