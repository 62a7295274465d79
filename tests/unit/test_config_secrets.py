"""Secrets in configuration files, grammar by grammar: the key path in BL305's message, the reported
range (the value without its quotes), and which files are read at all. Values are fakes."""

from __future__ import annotations

import pytest

from backlint.core import engine, languages
from backlint.core.checks import compose_services
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
        # Java .properties: `=`, `:` and blank separators, CRLF, escapes, continuation lines
        ("src/main/resources/application.properties", "spring.datasource.password=Tr1cky-Pa55\n",
         "spring.datasource.password", "Tr1cky-Pa55"),
        ("application-prod.properties", "# db\r\nspring.datasource.password = Tr1cky-Pa55\r\n",
         "spring.datasource.password", "Tr1cky-Pa55"),
        ("gradle.properties", "signing.password: Tr1cky-Pa55\n", "signing.password", "Tr1cky-Pa55"),
        ("config.properties", "  db.password   Tr1cky-Pa55\n", "db.password", "Tr1cky-Pa55"),
        ("config.properties", "db.password=Tr1cky-\\\n    Pa55\n", "db.password", "Tr1cky-\\\n    Pa55"),
        ("config.properties", "db.pass\\u0077ord=Tr1cky\\:Pa55\n", "db.password", "Tr1cky\\:Pa55"),
        # Compose's environment list: the item names its key; the value after its `=` is reported
        ("docker-compose.yml", "services:\n  app:\n    environment:\n      - SMTP_PASSWORD=Tr1cky-Pa55\n",
         "services.app.environment.SMTP_PASSWORD", "Tr1cky-Pa55"),
        ("compose.yaml", "services:\n  app:\n    environment:\n      - 'SMTP_PASSWORD=Tr1cky-Pa55'\n",
         "services.app.environment.SMTP_PASSWORD", "Tr1cky-Pa55"),
        # the database a production Compose file starts runs with this password
        ("docker-compose.prod.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Tr1cky-Pa55\n",
         "services.db.environment.POSTGRES_PASSWORD", "Tr1cky-Pa55"),
        # a random one in any Compose file is a password someone chose for it
        ("deploy/docker-compose.yml",
         "services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: 'L7qL*BDUr1bEpz*'\n",
         "services.db.environment.MYSQL_ROOT_PASSWORD", "L7qL*BDUr1bEpz*"),
        ("compose.yaml", 'services:\n  db:\n    environment: ["TZ=UTC", "DB_PASSWORD=Tr1cky-Pa55"]\n',
         "services.db.environment.DB_PASSWORD", "Tr1cky-Pa55"),
        # a Compose file kept with deployment files is what gets deployed: its stock credential too
        ("deploy/docker-compose.yml", "services:\n  s3:\n    environment:\n      MINIO_SECRET_KEY: minioadmin\n",
         "services.s3.environment.MINIO_SECRET_KEY", "minioadmin"),
        # made-up words in a production Compose file are what production runs with
        ("docker-compose.prod.yml", "services:\n  pictrs:\n    environment:\n      API_KEY: my-pictrs-key\n",
         "services.pictrs.environment.API_KEY", "my-pictrs-key"),
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
        # .properties: references, placeholders, comments, examples, tests and message bundles
        (
            "src/main/resources/application.properties",
            "spring.datasource.password=${DB_PASSWORD}\napp.api-key=<your-key>\nspring.mail.password=changeme\n"
            "app.token=\napp.secret=${APP_SECRET:}\napp.db.password=\\${DB_PASSWORD}\n",
        ),
        ("application.properties", "#spring.datasource.password=Tr1cky-Pa55\n! db.password=Tr1cky-Pa55\n"),
        ("application-example.properties", "spring.datasource.password=Tr1cky-Pa55\n"),
        ("src/main/resources/application-test.properties", "spring.datasource.password=Tr1cky-Pa55\n"),
        ("src/main/resources/messages_de.properties", "app.admin.password=Tr1cky-Pa55\n"),
        ("src/main/resources/ValidationMessages.properties", "user.password=Tr1cky-Pa55\n"),
        ("src/main/resources/i18n/message_zh_CN.properties", "login.password=Tr1cky-Pa55\n"),
        # a Compose list item that passes the host's variable on, or reads it; a CI compose file
        ("docker-compose.yml", "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD\n"
         "      - DB_PASSWORD=${DB_PASSWORD}\n      - SMTP_PASSWORD=changeme\n"),
        ("docker-compose.ci.yml", "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=Tr1cky-Pa55\n"),
        (".ci/compose.yaml", "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=Tr1cky-Pa55\n"),
        ("compose.cypress.yaml", "services:\n  app:\n    environment:\n      - COOKIE_SECRET=Tr1cky-Pa55\n"),
        # the stock first account of a database or broker the same Compose file starts: a local container
        ("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n"
         "      POSTGRES_PASSWORD: listmonk\n  mq:\n    environment:\n      - RABBITMQ_DEFAULT_PASS=rabbitpw\n"),
        ("deploy/compose.yaml", "services:\n  sql:\n    environment:\n      - SA_PASSWORD=@someStrongPassword\n"
         "      - MYSQL_ROOT_PASSWORD=toor\n"),
        # any service's key set to made-up words: the local set of services shares it
        ("docker/docker-compose.yml", "services:\n  pictrs:\n    environment:\n"
         "      - PICTRS__SERVER__API_KEY=my-pictrs-key\n"),
        ("scripts/docker-compose.yml", "services:\n  pgadmin:\n    environment:\n"
         "      PGADMIN_DEFAULT_PASSWORD: 'admin'\n"),
        # an API description's example requests and responses, and examples in any settings file
        ("docs/api/store.yaml", "openapi: 3.0.3\npaths:\n  /carts:\n    post:\n      responses:\n"
         "        '201':\n          content:\n            application/json:\n              example:\n"
         "                token: Kx8vQ2mLp9Tz4WnR\n"),
        ("docs/api/oauth.yml", "components:\n  schemas:\n    Token:\n      x-examples:\n        create:\n"
         "          access_token: Kx8vQ2mLp9Tz4WnR\n"),
        ("config/oauth.yml", "clients:\n  examples:\n    web:\n      client_secret: Kx8vQ2mLp9Tz4WnR\n"),
        # a listing keyed by its entries' own names
        ("assets/cryptocurrencies.json", '{"AGIFT": "aGift", "AGIFTTOKEN": "aGifttoken", "APIKEY": "ApiKey"}'),
        # a Kubernetes Secret's base64 of a placeholder, of nothing, or no base64 at all (a template)
        (
            "k8s/secret.yaml",
            "apiVersion: v1\nkind: Secret\ndata:\n  DB_PASSWORD: Y2hhbmdlbWU=\n  API_TOKEN: ''\n"
            "  SMTP_PASSWORD: '{{ .Values.smtp.password | b64enc }}'\n  JWT_SECRET: not-base64!\n",
        ),
    ],
)  # fmt: skip
def test_references_placeholders_and_example_files_are_not_reported(path, source):
    assert _findings(source, path)[1] == []


def test_a_kubernetes_secret_data_value_is_judged_decoded_and_never_shown():
    source = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\ndata:\n"
        "  DB_PASSWORD: VHIxY2t5LVBhNTUK\n"  # `echo Tr1cky-Pa55 | base64`: the line break is not the secret's
        "---\napiVersion: v1\nkind: List\nitems:\n  - kind: Secret\n    data:\n"
        "      api-token: bWctN2YzYzlhMWU1YjJkOGM0YQ==\n"
    )
    analysis, findings = _findings(source, "deploy/k8s/secrets.yaml")
    assert [f.message.split("`")[1] for f in findings] == ["data.DB_PASSWORD", "items.data.api-token"]
    assert _reported(analysis, findings[0]) == "VHIxY2t5LVBhNTUK"
    for finding in findings:
        assert "decoded from base64" in finding.message
        assert "Tr1cky-Pa55" not in finding.message and "VHIxY2t5LVBhNTUK" not in finding.message
        assert finding.fix_data["whole_literal"] is False  # a manifest does not read the environment


@pytest.mark.parametrize(
    "path,source,reported",
    [
        # the same group places the service on the developer's machine: stock credentials are local
        ("application-dev.yml", "spring:\n  datasource:\n    url: jdbc:mysql://localhost:3306/mall\n"
         "    password: root\n", []),
        ("generator.properties", "jdbc.connectionURL=jdbc:mysql://127.0.0.1:3306/mall\njdbc.password=root\n", []),
        (".env", "DB_HOST=localhost\nDB_PASSWORD=root\n", []),
        # a secret-shaped value is reported there all the same
        ("application-dev.yml", "spring:\n  datasource:\n    url: jdbc:mysql://localhost:3306/mall\n"
         "    password: Sh0p-db-2024\n", ["spring.datasource.password"]),
        # another group's address says nothing about this credential
        (".env", "REDIS_HOST=localhost\nDB_PASSWORD=root\n", ["DB_PASSWORD"]),
        ("application.properties", "spring.redis.host=localhost\nspring.datasource.password=root\n",
         ["spring.datasource.password"]),
        ("application.yml", "spring:\n  datasource:\n    url: jdbc:mysql://localhost.shop.internal/db\n"
         "    password: root\n", ["spring.datasource.password"]),
    ],
)  # fmt: skip
def test_stock_credentials_for_a_service_on_the_developers_machine_are_local(path, source, reported):
    _analysis, findings = _findings(source, path)
    assert [f.message.split("`")[1] for f in findings] == reported


def test_a_properties_value_continued_from_the_key_line_is_reported_from_the_key():
    # The line a suppression comment goes above is the key's: the value's line is part of the entry.
    source = "app.signing.secret=\\\n    Zq8sd7fGh2KlPw3x\n"
    analysis, findings = _findings(source, "config.properties")
    assert [(f.rule_id, f.span.start.line, f.span.end.line) for f in findings] == [("BL305", 0, 1)]
    assert _reported(analysis, findings[0]).startswith("app.signing.secret=")


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
        ("application.properties", "stripe.api-key = sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc\n"),
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


def test_the_list_item_prefilter_lets_every_secret_name_through():
    """The same for Compose's `- NAME=value` items, whose query tests the whole item."""
    import re
    from pathlib import Path

    from backlint.core.secrets import names

    words = set(names.PASSWORD_WORDS | names.SECRET_WORDS | names.CREDENTIAL_WORDS | names.AUTH_WORDS)
    words |= {"token", "key", "secrets"} | {suffix for suffix, _kind in names._COMPOUND_SUFFIXES}
    query = (Path(__file__).resolve().parents[2] / "queries" / "yaml" / "secret-in-config.scm").read_text("utf-8")
    prefilters = re.findall(r'#match\? @finding "((?:[^"\\]|\\.)+)"', query)  # a query string: `\"`, `\\`
    assert len(prefilters) == 2
    for prefilter in prefilters:
        pattern = re.compile(re.sub(r"\\(.)", r"\1", prefilter))
        assert [w for w in sorted(words) if not pattern.search(f"DB_{w.upper()}=x")] == [], prefilter


@pytest.mark.parametrize(
    "path,source,reported",
    [
        (
            "config/application.yml",
            "OAUTH_GITHUB_APP_KEY: 87ff01e1a2b3c4d5e6f7\n"
            "OAUTH_GITHUB_APP_SECRET: e4979c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b\n",
            "OAUTH_GITHUB_APP_SECRET",
        ),
        (
            "application.properties",
            "oss.app-key=LTAI5tQ8zK3mN7pR\noss.app-secret=e4979c0d1e2f3a4b5c6d7e8f9a0b1c2d\nother.app-key=Zq8sd7fGh2KlPw3x\n",
            "oss.app-secret",
        ),
    ],
)  # fmt: skip
def test_the_key_beside_its_secret_is_the_public_half(path, source, reported):
    _analysis, findings = _findings(source, path)
    assert [f.message.split("`")[1] for f in findings] == [reported, *(["other.app-key"] if "other" in source else [])]


@pytest.mark.parametrize(
    ("path", "reported"),
    [("deploy/docker-compose.yml", False), ("deploy/docker-compose.prod.yml", True), ("application-prod.yml", True)],
)
def test_a_password_that_repeats_its_user_name_is_local_unless_the_file_is_for_production(path, reported):
    source = "services:\n  queue:\n    environment:\n      RABBITMQ_USER: mall\n      RABBITMQ_PASSWORD: mall\n"
    assert bool(_findings(source, path)[1]) is reported


COMPOSE = (
    "services:\n  web:\n    image: shop/web\n    environment:\n"
    '      DATABASE_URL: "postgres://postgres:Tr1cky-Pa55@db/shop"\n'
    "  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Tr1cky-Pa55\n"
)
SETTINGS = '{"ConnectionStrings": {"Shop": "Server=sqlserver,1433;User Id=sa;Password=@Tr1cky-Pa55;"}}'


def test_a_connection_to_a_container_the_local_compose_file_starts_is_local(tmp_path):
    """The password of a container the project's own (non-production) compose set-up starts is that
    set-up's throwaway: in the compose file itself and in a settings file that points at its service."""
    assert _findings(COMPOSE, "docker-compose.yml", ("BL302",))[1] == []
    # the same in a production compose file is what production runs with
    assert [f.rule_id for f in _findings(COMPOSE, "docker-compose.prod.yml", ("BL302",))[1]] == ["BL302"]
    # a host the compose file does not start is somebody's server
    elsewhere = COMPOSE.replace("@db/shop", "@db.internal.shop.io/shop")
    assert [f.rule_id for f in _findings(elsewhere, "docker-compose.yml", ("BL302",))[1]] == ["BL302"]

    web = tmp_path / "src" / "Web"
    web.mkdir(parents=True)
    settings = web / "appsettings.Docker.json"
    settings.write_text(SETTINGS, encoding="utf-8")
    assert [f.rule_id for f in _findings(SETTINGS, str(settings), ("BL302",))[1]] == ["BL302"]
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  sqlserver:\n    image: mcr.microsoft.com/azure-sql-edge\n", encoding="utf-8"
    )
    compose_services.clear_caches()
    assert _findings(SETTINGS, str(settings), ("BL302",))[1] == []
    production = web / "appsettings.Production.json"
    production.write_text(SETTINGS, encoding="utf-8")
    assert [f.rule_id for f in _findings(SETTINGS, str(production), ("BL302",))[1]] == ["BL302"]
