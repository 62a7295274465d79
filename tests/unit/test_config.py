import re
from pathlib import Path

import pytest

from backlint.core.config import ConfigError, Settings, glob_match, load_settings, parse_settings
from backlint.core.model import Confidence, Severity

KNOWN = {"BL101", "BL201", "BL303", "sql-string-building", "swallowed-exception"}


def test_parse_accepts_kebab_and_snake_case():
    settings = parse_settings(
        {
            "select": ["BL1", "secret"],
            "ignore": "BL201",
            "severity": {"BL101": "error"},
            "per-path-ignores": {"tests/**": ["BL303"]},
            "min_confidence": "medium",
            "max-file-size": 1000,
        },
        origin="test",
        known_rules=KNOWN,
    )
    assert settings.select == ("BL1", "secret")
    assert settings.ignore == ("BL201",)
    assert settings.severity == {"BL101": Severity.ERROR}
    assert settings.per_path_ignores == {"tests/**": ("BL303",)}
    assert settings.min_confidence is Confidence.MEDIUM
    assert settings.max_file_size == 1000


@pytest.mark.parametrize(
    "raw,key",
    [
        ({"select": 3}, "select"),
        ({"severity": {"BL101": "fatal"}}, "severity.BL101"),
        ({"severity": {"BL999": "error"}}, "severity.BL999"),
        ({"ignore": ["BL9"]}, "ignore"),
        ({"min-confidence": "sure"}, "min-confidence"),
        ({"max_file_size": -1}, "max_file_size"),
        ({"colour": "blue"}, "colour"),
        ({"per-path-ignores": {"x/**": ["nonsense!"]}}, "per-path-ignores.x/**"),
    ],
)
def test_bad_values_name_the_key(raw, key):
    with pytest.raises(ConfigError, match=re.escape(f"`{key}`")):
        parse_settings(raw, origin="pyproject.toml", known_rules=KNOWN)


def test_rule_selection_by_id_prefix_name_and_category():
    settings = Settings(select=("BL1", "secret"), ignore=("BL303",))
    assert settings.rule_enabled("BL101", "sql-string-building", "sql-injection")
    assert settings.rule_enabled("BL301", "provider-token", "secret")
    assert not settings.rule_enabled("BL303", "hardcoded-secret", "secret")
    assert not settings.rule_enabled("BL201", "swallowed-exception", "error-handling")


@pytest.mark.parametrize(
    "path,pattern,expected",
    [
        ("tests/unit/a.py", "tests/**", True),
        ("src/tests/a.py", "tests", True),
        ("src/app.py", "*.py", True),
        ("src/app.py", "tests/**", False),
        ("generated/x.go", "generated/", True),
        ("a/b/c.js", "**/c.js", True),
    ],
)
def test_glob_match(path, pattern, expected):
    assert glob_match(path, pattern) is expected


def test_load_settings_finds_pyproject_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.backlint]\nignore = ["BL201"]\n', encoding="utf-8")
    (tmp_path / "src").mkdir()
    settings = load_settings(tmp_path / "src", known_rules=KNOWN)
    assert settings.ignore == ("BL201",)
    assert Path(settings.root) == tmp_path.resolve()


def test_backlint_toml_wins_and_bad_toml_is_an_error(tmp_path: Path):
    (tmp_path / "backlint.toml").write_text("select = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(tmp_path, known_rules=KNOWN)
