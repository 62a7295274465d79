"""The secrets rules through the engine: messages are masked, confidence follows the file's place,
and the fix data names the environment variable. Values are fakes."""

from __future__ import annotations

import json

import pytest

from backlint.core import engine
from backlint.core.config import Settings
from backlint.core.model import Confidence

SECRET_VALUES = ("Tr1cky-Pa55", "AKIAZ7VQ2KD4XPLM3R6N", "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc", "q8Zp2Lm5Rt")
SOURCE = """import os

DB_PASSWORD = "Tr1cky-Pa55"
AWS_ACCESS_KEY_ID = "AKIAZ7VQ2KD4XPLM3R6N"
STRIPE_KEY = "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"
STRIPE_TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
BROKER = "amqp://orders:q8Zp2Lm5Rt@rabbitmq.internal:5672/orders"
"""


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv(engine.STRICT_ENV, "1")


def _findings(source: str, path: str, language: str = "python"):
    analysis = engine.analyze(source, path=path, language=language, settings=Settings(select=("secret",)))
    assert not analysis.failed, analysis.notes
    return {f.span.start.line + 1: f for f in analysis.findings}


def test_findings_and_their_masked_messages():
    found = _findings(SOURCE, "app/settings.py")
    assert {line: f.rule_id for line, f in found.items()} == {
        3: "BL303",
        4: "BL301",
        5: "BL301",
        6: "BL301",
        7: "BL302",
    }
    assert found[3].message.startswith("Hardcoded secret in `DB_PASSWORD` (Tr…(11 chars))")
    assert found[4].message.startswith("AWS access key id hardcoded in source (AKIA…(20 chars))")
    assert found[7].message.startswith("Connection string embeds a password (q8…(10 chars))")


def test_no_secret_value_reaches_any_output():
    found = _findings(SOURCE, "app/settings.py")
    dumped = json.dumps([f.to_dict() for f in found.values()] + [f.fix_data for f in found.values()])
    for value in SECRET_VALUES:
        assert value not in dumped


def test_provider_finding_covers_the_token_only():
    source = 'headers = {"Authorization": "token ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"}\n'
    (finding,) = _findings(source, "app/client.py").values()
    text = source.encode()[finding.span.start_byte : finding.span.end_byte].decode()
    assert text == "ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"
    assert finding.fix_data["whole_literal"] is False  # part of a literal: no env fix can replace it


def test_tests_keep_only_provider_tokens_and_at_lower_confidence():
    production = _findings(SOURCE, "app/settings.py")
    tests = _findings(SOURCE, "tests/test_settings.py")
    # A fixture's password or broker URL is a throwaway; a provider token is live wherever it is.
    assert {line: f.rule_id for line, f in tests.items()} == {4: "BL301", 5: "BL301", 6: "BL301"}
    assert all(f.role == "test" for f in tests.values())
    assert production[4].confidence == Confidence.HIGH and tests[4].confidence == Confidence.MEDIUM
    assert production[6].confidence == Confidence.MEDIUM  # sk_test_: a leak, but not a live key


def test_include_tests_brings_back_every_rule_at_low_confidence():
    settings = Settings(select=("secret",), include_tests=True)
    analysis = engine.analyze(SOURCE, path="tests/test_settings.py", language="python", settings=settings)
    found = {f.span.start.line + 1: f for f in analysis.findings}
    assert found[3].rule_id == "BL303" and found[3].confidence == Confidence.LOW
    assert found[7].rule_id == "BL302" and found[7].confidence == Confidence.LOW


def test_fix_data_names_the_variable():
    found = _findings(SOURCE, "app/settings.py")
    assert found[3].fix_data["env_name"] == "DB_PASSWORD"
    assert found[4].fix_data["env_name"] == "AWS_ACCESS_KEY_ID"
    assert found[7].fix_data["env_name"] == "AMQP_URL"  # BROKER is not a URL-like name: the scheme decides


def test_provider_kind_names_the_variable_when_the_name_is_not_secret_like():
    source = 'client = Stripe("sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc")\n'
    (finding,) = _findings(source, "app/pay.py").values()
    assert finding.fix_data["env_name"] == "STRIPE_SECRET_KEY"


@pytest.mark.parametrize(
    "language,path,source",
    [
        ("javascript", "src/a.js", 'const password = "Tr1cky-Pa55";\n'),
        ("typescript", "src/a.ts", 'const password: string = "Tr1cky-Pa55";\n'),
        ("tsx", "src/a.tsx", 'const password: string = "Tr1cky-Pa55";\n'),
        ("go", "a.go", 'package a\n\nvar password = "Tr1cky-Pa55"\n'),
        ("java", "A.java", 'class A { String password = "Tr1cky-Pa55"; }\n'),
        ("php", "a.php", "<?php\n$password = 'Tr1cky-Pa55';\n"),
        ("csharp", "A.cs", 'class A { string password = @"Tr1cky-Pa55"; }\n'),
        ("ruby", "a.rb", 'password = "Tr1cky-Pa55"\n'),
        ("kotlin", "A.kt", 'val password = """Tr1cky-Pa55"""\n'),
        ("rust", "a.rs", 'fn main() { let password = r"Tr1cky-Pa55"; }\n'),
    ],
)
def test_every_language_reports_the_same_secret(language, path, source):
    found = _findings(source, path, language)
    assert [f.rule_id for f in found.values()] == ["BL303"]
    assert "Tr1cky-Pa55" not in next(iter(found.values())).message


@pytest.mark.parametrize(
    "language,path,source",
    [
        ("php", "a.php", '<?php\n$password = "Tr1cky-{$suffix}";\n$token = "tok-$prefix-9d8c7b6a5f4e";\n'),
        ("csharp", "A.cs", 'class A { string password = $"Tr1cky-{suffix}"; }\n'),
        ("ruby", "a.rb", 'password = "Tr1cky-#{suffix}"\n'),
        ("kotlin", "A.kt", 'val password = "Tr1cky-$suffix"\nval token = "tok-${prefix}-9d8c7b6a5f4e"\n'),
    ],
)
def test_interpolated_strings_are_built_at_run_time(language, path, source):
    assert _findings(source, path, language) == {}


def test_kotlin_dollar_without_a_name_is_text():
    # `$` before a non-identifier (or at the end) is a plain character in Kotlin, not a template.
    found = _findings('val password = "Tr1cky-Pa55$"\n', "A.kt", "kotlin")
    assert [f.rule_id for f in found.values()] == ["BL303"]


def test_uses_of_the_secret_variable_are_related_places():
    source = (
        'JWT_SECRET = "f3a9c2e17b4d8e06a1b2c3d4"\n\n\ndef sign(payload):\n    return jwt.encode(payload, JWT_SECRET)\n'
    )
    (finding,) = _findings(source, "app/tokens.py").values()
    assert [(r.span.start.line + 1, r.span.start.column) for r in finding.related] == [(5, 31)]
    assert "f3a9c2e17b4d8e06a1b2c3d4" not in " ".join(r.message for r in finding.related)


def test_commented_out_secrets_and_config_text_are_found_without_a_fix():
    source = (
        '# DB_PASSWORD = "Tr1cky-Pa55"\n'
        "# The password comes from DB_PASSWORD in the environment.\n"
        'CONFIG = """\ndatabase:\n  password: Winter2024!\n"""\n'
        "# old key: ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s\n"
    )
    found = _findings(source, "app/settings.py")
    assert {line: f.rule_id for line, f in found.items()} == {1: "BL303", 5: "BL303", 7: "BL301"}
    for finding in found.values():
        assert finding.fix_data["whole_literal"] is False
    data = source.encode()
    assert data[found[5].span.start_byte : found[5].span.end_byte] == b"Winter2024!"


@pytest.mark.parametrize(
    "language,path,source",
    [
        (
            "python",
            "app/hooks.py",
            'def ok(request):\n    return request.headers.get("X-Api-Key") == "wh-9d8c7b6a5f4e3d2c"\n',
        ),
        ("javascript", "src/hooks.js", 'const ok = (req) => req.get("x-api-key") === "live-7f3a9c1e5b2d4f6a";\n'),
        (
            "go",
            "hooks.go",
            "package h\n\n"
            'func ok(r *http.Request) bool { return r.Header.Get("X-Api-Key") == "k3y-live-7f3a9c1e5b2d" }\n',
        ),
        (
            "java",
            "Hooks.java",
            "class H { boolean ok(HttpServletRequest r) { "
            'return "int-9f8e7d6c5b4a3928".equals(r.getHeader("X-Internal-Token")); } }\n',
        ),
    ],
)
def test_a_request_header_compared_with_a_literal_key(language, path, source):
    found = _findings(source, path, language)
    assert [f.rule_id for f in found.values()] == ["BL303"]


def test_translation_tables_and_overridden_dev_settings_are_not_leaks(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'site'\n", encoding="utf-8")
    i18n = tmp_path / "static" / "i18n" / "en.py"
    i18n.parent.mkdir(parents=True)
    i18n.write_text('LABELS = {"signing_secret": "x9-Signing-s3cret-label"}\n', encoding="utf-8")
    assert engine.analyze_file(i18n, Settings(select=("secret",))).findings == []

    settings_dir = tmp_path / "site" / "settings"
    settings_dir.mkdir(parents=True)
    base = settings_dir / "base.py"
    base.write_text('SECRET_KEY = "c6u0-9c!7nilj_ysatsda0(f@e_2mws2f!6m"\n', encoding="utf-8")
    alone = [f.rule_id for f in engine.analyze_file(base, Settings(select=("secret",))).findings]
    (settings_dir / "production.py").write_text('SECRET_KEY = os.environ["SECRET_KEY"]\n', encoding="utf-8")
    assert alone == ["BL303"]  # without a production module, the base key is the one that runs
    assert engine.analyze_file(base, Settings(select=("secret",))).findings == []
