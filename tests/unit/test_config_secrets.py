"""Secrets in configuration files, grammar by grammar: the key path in BL305's message, the reported
range (the value without its quotes), and which files are read at all. Values are fakes."""

from __future__ import annotations

import pytest

from backlint.core import engine, languages
from backlint.core.config import Settings


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv(engine.STRICT_ENV, "1")


def _findings(source: str, path: str, rules: tuple[str, ...] = ("BL305",)):
    language = languages.for_path(path)
    assert language is not None, path
    analysis = engine.analyze(source, path=path, language=language.name, settings=Settings(select=rules))
    assert not analysis.failed, analysis.notes
    return analysis, analysis.findings


def _reported(analysis, finding) -> str:
    return analysis.source.data[finding.span.start_byte : finding.span.end_byte].decode()


@pytest.mark.parametrize(
    "path,source,key,value",
    [
        ("config/application.yml", "spring:\n  datasource:\n    password: 'Tr1cky-Pa55'\n",
         "spring.datasource.password", "Tr1cky-Pa55"),
        ("appsettings.json", '{"Jwt": {"Issuer": "shop", "Key": "8c1f7d0b4e2a8f63d5b7c0e1a2f4d6b8"}}',
         "Jwt.Key", "8c1f7d0b4e2a8f63d5b7c0e1a2f4d6b8"),
        ("appsettings.json", '{"Services": [{"Name": "billing", "ApiToken": "b1ll-9f2c6e1a7d3b"}]}',
         "Services.ApiToken", "b1ll-9f2c6e1a7d3b"),
        (".env", "DB_PASSWORD=Tr1cky-Pa55\n", "DB_PASSWORD", "Tr1cky-Pa55"),
        (".env.production", 'export DB_PASSWORD="Tr1cky-Pa55"\n', "DB_PASSWORD", "Tr1cky-Pa55"),
        ("deploy/.env", "DB_PASSWORD='Tr1cky-Pa55'  # rotated in May\n", "DB_PASSWORD", "Tr1cky-Pa55"),
        # bash ends a word at `&`; a dotenv reader takes the line up to a ` #` comment
        (".env", "SMTP_PASSWORD=p&ss word 2024 # note\n", "SMTP_PASSWORD", "p&ss word 2024"),
        ("main.tf", 'resource "aws_db_instance" "db" {\n  password = "Tr1cky-Pa55"\n}\n',
         "aws_db_instance.db.password", "Tr1cky-Pa55"),
        ("main.tf", 'variable "db_password" {\n  type    = string\n  default = "Tr1cky-Pa55"\n}\n',
         "var.db_password", "Tr1cky-Pa55"),
        ("main.tf", 'locals {\n  smtp = { "password" = "Tr1cky-Pa55" }\n}\n', "local.smtp.password", "Tr1cky-Pa55"),
        ("prod.tfvars", 'db_password = "Tr1cky-Pa55"\n', "db_password", "Tr1cky-Pa55"),
        ("Dockerfile", "FROM alpine\nENV DB_USER=shop DB_PASSWORD=Tr1cky-Pa55\n", "DB_PASSWORD", "Tr1cky-Pa55"),
        ("Dockerfile", "FROM alpine\nENV DB_PASSWORD Tr1cky-Pa55\n", "DB_PASSWORD", "Tr1cky-Pa55"),
        ("api.Dockerfile", 'FROM alpine\nARG DB_PASSWORD="Tr1cky-Pa55"\n', "DB_PASSWORD", "Tr1cky-Pa55"),
        ("config.toml", '[database]\npassword = "Tr1cky-Pa55"\n', "database.password", "Tr1cky-Pa55"),
        ("config.toml", "[server.auth]\napi.key = 'mg-7f3c9a1e5b2d8c4a'\n",
         "server.auth.api.key", "mg-7f3c9a1e5b2d8c4a"),
        ("config.toml", '[smtp]\ncredentials = { user = "a", password = """Tr1cky-Pa55""" }\n',
         "smtp.credentials.password", "Tr1cky-Pa55"),
    ],
)  # fmt: skip
def test_key_path_and_range_per_grammar(path, source, key, value):
    analysis, findings = _findings(source, path)
    assert [f.rule_id for f in findings] == ["BL305"]
    assert f"`{key}`" in findings[0].message
    assert _reported(analysis, findings[0]) == value
    assert value not in findings[0].message  # masked


@pytest.mark.parametrize(
    "path,source",
    [
        (".env.example", "DB_PASSWORD=Tr1cky-Pa55\n"),
        (".env.sample", "DB_PASSWORD=Tr1cky-Pa55\n"),
        (".env.template", "DB_PASSWORD=Tr1cky-Pa55\n"),
        (".env", "DB_PASSWORD=${VAULT_DB_PASSWORD}\nAPI_TOKEN=$(cat /run/secrets/api_token)\nJWT_SECRET=$JWT\n"),
        ("main.tf", 'resource "x" "y" {\n  password = var.db_password\n  token = "${var.api_token}"\n}\n'),
        ("main.tf", 'variable "db_password" {\n  description = "The database password, from TF_VAR_db_password"\n}\n'),
        ("Dockerfile", "FROM alpine\nARG DB_PASSWORD\nENV DB_PASSWORD=${DB_PASSWORD}\n"),
        ("appsettings.json", '{"Auth": {"ClientId": "shop-web", "token_ttl": 3600, "password_min_length": 12}}'),
        ("config.toml", '[aws]\naccess_key_id = "shop-uploader"\n[cache]\nkey = "sessions:v2:shop"\n'),
        # JSON escapes are read as the text they spell: a word in Cyrillic, not a password
        ("settings.json", '{"Password": "\\u041f\\u0430\\u0440\\u043e\\u043b\\u044c"}'),
        ("package.json", '{"dependencies": {"jsonwebtoken": "^9.0.2", "express-basic-auth": "1.2.1"}}'),
        ("public/intl/messages/ca-ES.json", '{"label": {"password": "Contrasenya"}, "PW": "Palau"}'),
        # test, CI and local-development configuration: throwaway credentials
        (".env.test", "DB_PASSWORD=Tr1cky-Pa55\n"),
        ("Shop.Tests/docker-compose.yml", "services:\n  db:\n    environment:\n      DB_PASSWORD: Tr1cky-Pa55\n"),
        (".github/actions/setup/action.yml", "runs:\n  env:\n    DB_PASSWORD: Tr1cky-Pa55\n"),
        (
            "Properties/launchSettings.json",
            '{"profiles": {"Shop": {"environmentVariables": {"SSH_PASSWORD": "opD3i2x"}}}}',
        ),
        ("config/database.yml", "test:\n  username: shop\n  password: Tr1cky-Pa55\n"),
        # `pass` and `pw` only may mean a password; an example request's user
        ("promos.json", '{"conditions": {"current_pass": "free"}, "other": {"current_pass": "personal"}}'),
        ("requests/users-update.json", '{"email": "dan@example.com", "password": "hunter2000"}'),
    ],
)
def test_references_placeholders_and_example_files_are_not_reported(path, source):
    assert _findings(source, path)[1] == []


def test_a_provider_key_pair_is_reported_once_by_the_provider_rule():
    source = (
        'provider "aws" {\n  access_key = "AKIAZ7VQ2KD4XPLM3R6N"\n'
        '  secret_key = "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"\n}\n'
    )
    _analysis, findings = _findings(source, "main.tf", ("secret",))
    assert [(f.rule_id, f.span.start.line) for f in findings] == [("BL301", 1), ("BL301", 2)]


def test_a_connection_string_in_a_run_command_is_reported_at_its_password():
    source = "FROM alpine\nRUN psql postgres://orders:Tr1cky-Pa55@db.internal:5432/orders -c 'select 1'\n"
    analysis, findings = _findings(source, "Dockerfile", ("BL302",))
    assert [f.rule_id for f in findings] == ["BL302"]
    assert _reported(analysis, findings[0]) == "Tr1cky-Pa55"


@pytest.mark.parametrize(
    "path,source",
    [
        ("config.json", '{"stripe": {"apiKey": "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"}}'),
        (".env", "STRIPE_SECRET_KEY='sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc'\n"),
        ("main.tf", 'locals {\n  stripe_key = "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"\n}\n'),
        ("Dockerfile", 'FROM alpine\nENV STRIPE_SECRET_KEY="sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"\n'),
        ("config.toml", "[stripe]\nkey = '''sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc'''\n"),
        ("application.yml", 'stripe:\n  api-key: "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"\n'),
    ],
)
def test_provider_token_range_is_the_token_in_every_format(path, source):
    analysis, findings = _findings(source, path, ("BL301",))
    assert [f.rule_id for f in findings] == ["BL301"]
    assert _reported(analysis, findings[0]) == "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"


def test_the_queries_key_prefilter_lets_every_secret_name_through():
    """The BL305 queries match only keys containing one of a few words; every word that makes a name
    secret-like (`secret_name_class`) must contain one of them, or the check never sees it."""
    import re
    from pathlib import Path

    from backlint.core.secrets import names

    words = set(names.PASSWORD_WORDS | names.SECRET_WORDS | names.CREDENTIAL_WORDS | names.AUTH_WORDS)
    words |= {"token", "key", "secrets"} | {suffix for suffix, _kind in names._COMPOUND_SUFFIXES}
    queries = Path(__file__).resolve().parents[2] / "queries"
    for query in sorted(queries.glob("*/secret-in-config.scm")):
        for prefilter in re.findall(r'#match\? @_name "([^"]+)"', query.read_text(encoding="utf-8")):
            pattern = re.compile(prefilter.replace("\\\\", "\\"))
            assert [w for w in sorted(words) if not pattern.search(w)] == [], f"{query}: {prefilter}"


def test_the_key_beside_its_secret_is_the_public_half():
    source = (
        "OAUTH_GITHUB_APP_KEY: 87ff01e1a2b3c4d5e6f7\n"
        "OAUTH_GITHUB_APP_SECRET: e4979c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b\n"
    )
    _analysis, findings = _findings(source, "config/application.yml")
    assert [f.message.split("`")[1] for f in findings] == ["OAUTH_GITHUB_APP_SECRET"]
