"""The result cache through the real CLI: where it lives, that a warm run reads it, and everything
that must make a file be analysed again (its bytes, the settings, another file a check read)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backlint.core import cache, facts

SWALLOW = "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"
TOKEN = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
CLIENT_JS = (
    'const axios = require("axios");\n\n'
    "async function fetchRates(base) {\n"
    '  const response = await axios.get("https://rates.example.com/latest?base=" + base);\n'
    "  return response.data;\n}\n\nmodule.exports = { fetchRates };\n"
)


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("BACKLINT_CACHE_DIR", "XDG_CACHE_HOME")}
    return subprocess.run(
        [sys.executable, "-m", "backlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment | (env or {}),
    )


def findings(result: subprocess.CompletedProcess) -> list[tuple[str, str, int, str]]:
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout)
    return [(f["path"], f["rule"], f["start"]["line"], f["message"]) for f in document["findings"]]


def cache_files(root: Path) -> list[Path]:
    return sorted((root / cache.FOLDER_NAME).glob("*/*.json"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "jobs.py").write_text(SWALLOW, encoding="utf-8")
    (tmp_path / "app" / "clean.py").write_text("def ok():\n    return 1\n", encoding="utf-8")
    return tmp_path


def test_the_cache_sits_at_the_project_root_and_ignores_itself(project: Path):
    run("check", "app", cwd=project)
    folder = project / cache.FOLDER_NAME
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert len(cache_files(project)) == 1


def _plant(project: Path, path: str, message: str) -> None:
    """Change a cached finding's message: a run that shows it has read the cache."""
    (file,) = cache_files(project)
    document = json.loads(file.read_text(encoding="utf-8"))
    entry = document["entries"][str((project / path).absolute())]
    entry["findings"][0]["message"] = message
    file.write_text(json.dumps(document), encoding="utf-8")


def test_a_warm_run_reads_the_cache_and_an_edit_is_analysed_again(project: Path):
    cold = findings(run("check", ".", "--format", "json", cwd=project))
    assert [rule for _, rule, _, _ in cold] == ["BL201"]
    _plant(project, "app/jobs.py", "from the cache")
    warm = findings(run("check", ".", "--format", "json", cwd=project))
    assert [message for *_, message in warm] == ["from the cache"]
    assert [message for *_, message in findings(run("check", ".", "--format", "json", "--no-cache", cwd=project))] == [
        cold[0][3]
    ]

    # Two lines inserted above: the file's bytes changed, so it is analysed again.
    (project / "app" / "jobs.py").write_text("import os\n\n" + SWALLOW, encoding="utf-8")
    edited = findings(run("check", ".", "--format", "json", cwd=project))
    assert [(rule, line, message) for _, rule, line, message in edited] == [("BL201", 6, cold[0][3])]


def test_no_cache_neither_reads_nor_writes(project: Path):
    run("check", ".", "--no-cache", cwd=project)
    assert not (project / cache.FOLDER_NAME).exists()


def test_a_settings_change_is_analysed_again(project: Path):
    findings(run("check", ".", "--format", "json", cwd=project))
    _plant(project, "app/jobs.py", "from the cache")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "svc"\n\n[tool.backlint]\nexclude = ["generated/**"]\n', encoding="utf-8"
    )
    again = findings(run("check", ".", "--format", "json", cwd=project))
    assert [message for *_, message in again] != ["from the cache"]
    assert [rule for _, rule, _, _ in again] == ["BL201"]
    ignored = findings(run("check", ".", "--format", "json", "--ignore", "BL201", cwd=project))
    assert ignored == []


def test_another_file_a_check_read_invalidates_the_cached_result(tmp_path: Path):
    """The timeout rule reads the whole project for `axios.defaults.timeout`, and the file's role
    reads package.json: changing either re-checks an unchanged file."""
    (tmp_path / "package.json").write_text(
        '{"name": "svc", "dependencies": {"express": "^4", "axios": "^1"}}', encoding="utf-8"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "client.js").write_text(CLIENT_JS, encoding="utf-8")
    assert [rule for _, rule, _, _ in findings(run("check", ".", "--format", "json", cwd=tmp_path))] == ["BL207"]

    setup = tmp_path / "src" / "setup.js"
    setup.write_text('const axios = require("axios");\naxios.defaults.timeout = 5000;\n', encoding="utf-8")
    assert findings(run("check", ".", "--format", "json", cwd=tmp_path)) == []
    setup.unlink()
    assert [rule for _, rule, _, _ in findings(run("check", ".", "--format", "json", cwd=tmp_path))] == ["BL207"]

    # A front-end package: axios calls its own API from a browser, not a server without a timeout.
    (tmp_path / "package.json").write_text('{"name": "web", "dependencies": {"react": "^18", "axios": "^1"}}')
    assert findings(run("check", ".", "--format", "json", cwd=tmp_path)) == []


def test_secrets_are_not_written_to_the_cache_in_the_clear(project: Path):
    (project / "app" / "billing.py").write_text(f'STRIPE_KEY = "{TOKEN}"\n', encoding="utf-8")
    reported = findings(run("check", ".", "--format", "json", cwd=project))
    assert "BL301" in {rule for _, rule, _, _ in reported}
    (file,) = cache_files(project)
    text = file.read_text(encoding="utf-8")
    assert str(project / "app" / "billing.py") in text
    assert TOKEN not in text and TOKEN[8:] not in text


def test_a_broken_cache_file_is_ignored(project: Path):
    cold = findings(run("check", ".", "--format", "json", cwd=project))
    (file,) = cache_files(project)
    file.write_text('{"format": 1, "entries": {"x": [1, 2]', encoding="utf-8")
    assert findings(run("check", ".", "--format", "json", cwd=project)) == cold
    document = json.loads(file.read_text(encoding="utf-8"))
    entry = document["entries"][str((project / "app" / "jobs.py").absolute())]
    entry["findings"][0]["severity"] = "not a severity"
    file.write_text(json.dumps(document), encoding="utf-8")
    assert findings(run("check", ".", "--format", "json", cwd=project)) == cold


def test_an_unwritable_project_uses_the_user_cache_folder(project: Path, tmp_path_factory, monkeypatch):
    # Root (as in CI) can write anywhere, so the check for a writable folder is what is replaced.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.delenv(cache.ENV_FOLDER, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(cache.os, "access", lambda path, mode: False)
    folder = cache.default_folder(project)
    assert folder.parent == home / "backlint"
    assert folder != cache.default_folder(project / "app")  # one folder per project
    monkeypatch.undo()
    assert cache.default_folder(project) == project / cache.FOLDER_NAME


def test_backlint_cache_dir_chooses_the_folder(project: Path, tmp_path_factory):
    chosen = tmp_path_factory.mktemp("chosen")
    run("check", "app", cwd=project, env={"BACKLINT_CACHE_DIR": str(chosen)})
    assert not (project / cache.FOLDER_NAME).exists()
    assert list(chosen.glob("*/*.json"))


def test_every_finding_field_survives_the_cache(tmp_path: Path):
    from dataclasses import fields

    from backlint.core import engine
    from backlint.core.cache import _finding_from_json, _finding_to_json
    from backlint.core.model import Finding

    source = tmp_path / "svc.py"
    source.write_text(
        'import os\nAPI_KEY = "' + TOKEN + '"\n\ndef q(cur, name):\n'
        '    sql = "SELECT * FROM t WHERE n = \'" + name + "\'"\n    cur.execute(sql)  # backlint: ignore[BL201]\n',
        encoding="utf-8",
    )
    analysed = engine.analyze_file(source).findings
    assert analysed and any(f.related for f in analysed) and any(f.fix_data for f in analysed)
    for finding in analysed:
        restored = _finding_from_json(json.loads(json.dumps(_finding_to_json(finding))), finding.path)
        for each in fields(Finding):
            assert getattr(restored, each.name) == getattr(finding, each.name), each.name


def test_facts_recorded_are_asked_again():
    calls = []

    @facts.evaluator("test-answer")
    def answer(value: str) -> str:
        calls.append(value)
        return value.upper()

    with facts.recording() as consulted:
        assert facts.consulted("test-answer", "a") == "A"
        facts.consulted("test-answer", "a")
    assert consulted == [("test-answer", ["a"], "A")]
    assert facts.still_true(consulted)
    assert not facts.still_true([("test-answer", ["a"], "B")])
    assert not facts.still_true([("no-such-kind", [], None)])


HELPER = (
    "def run_query(conn, sql):\n    cursor = conn.cursor()\n    cursor.execute(sql)\n    return cursor.fetchall()\n"
)
CALLER = (
    "from .db import run_query\n\n\n"
    "def by_name(conn, name):\n"
    "    return run_query(conn, f\"SELECT * FROM users WHERE name = '{name}'\")\n"
)


def test_helper_summaries_are_kept_by_content_and_serve_the_next_run(project: Path):
    """The scan keeps what it worked out about SQL helpers (here, in a worker process: more files than
    the parallel threshold) in the result cache, by content; the next run re-checks the caller's
    cached result from it, and a changed helper is read again."""
    app = project / "app"
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "db.py").write_text(HELPER, encoding="utf-8")
    (app / "handlers.py").write_text(CALLER, encoding="utf-8")
    for index in range(20):
        (app / f"module_{index}.py").write_text(f"VALUE = {index}\n", encoding="utf-8")
    first = findings(run("check", ".", "--format", "json", "--jobs", "2", cwd=project))
    assert [(path, rule) for path, rule, _, _ in first if rule == "BL103"] == [("app/handlers.py", "BL103")]
    [stored] = cache_files(project)
    summaries = json.loads(stored.read_text(encoding="utf-8"))["summaries"]
    assert len(summaries) == 1 and next(iter(summaries)).startswith("python:")
    [[name, parameter, *_]] = next(iter(summaries.values()))
    assert (name, parameter) == ("run_query", "sql")

    assert findings(run("check", ".", "--format", "json", cwd=project)) == first
    # What the next run knows of db.py is the stored summary, not a new parse of it: told that the
    # helper runs nothing, it re-checks the caller and believes it.
    document = json.loads(stored.read_text(encoding="utf-8"))
    document["summaries"] = {digest: [] for digest in document["summaries"]}
    stored.write_text(json.dumps(document), encoding="utf-8")
    assert not [
        rule for _, rule, _, _ in findings(run("check", ".", "--format", "json", cwd=project)) if rule == "BL103"
    ]
    stored.unlink()
    assert findings(run("check", ".", "--format", "json", cwd=project)) == first

    # The helper stops running its argument: the caller's cached result is checked again, and clean.
    (app / "db.py").write_text("def run_query(conn, sql):\n    return sql.split()\n", encoding="utf-8")
    assert [rule for _, rule, _, _ in findings(run("check", ".", "--format", "json", cwd=project))] == ["BL201"]
    assert len(json.loads(stored.read_text(encoding="utf-8"))["summaries"]) == 2
