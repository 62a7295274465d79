"""The `secret-to-env` fix: exact resulting text per language, and no fix where it is not certain."""

from __future__ import annotations

import textwrap

import pytest

from backlint.core import engine
from backlint.core.config import Settings
from backlint.core.fixes import FileAppend, FixRequest, apply_edits, compute_fix, verify
from backlint.core.fixes.secrets import secret_to_env


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv(engine.STRICT_ENV, "1")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def _fix(source: str, language: str, path: str):
    analysis = engine.analyze(source, path=path, language=language, settings=Settings(select=("secret",)))
    findings = [f for f in analysis.findings if f.category == "secret"]
    assert len(findings) == 1, [f.rule_id for f in analysis.findings]
    return analysis, findings[0], secret_to_env(FixRequest(finding=findings[0], analysis=analysis))


def _fixed(source: str, language: str, path: str, env_name: str) -> str:
    analysis, finding, fix = _fix(source, language, path)
    assert fix is not None
    assert verify(analysis, finding, fix.edits) is None  # re-parses, finding gone, nothing new
    assert fix.appends == [FileAppend(".env.example", f"{env_name}=")]
    assert env_name in fix.title and "rotate" in fix.title
    assert fix.safe is False  # the program now needs the variable: never applied by fixAll
    assert compute_fix(analysis, finding) is not None
    return apply_edits(analysis.source.data, fix.edits).decode("utf-8")


def _no_fix(source: str, language: str, path: str) -> None:
    _analysis, _finding, fix = _fix(source, language, path)
    assert fix is None


# --- Python ---------------------------------------------------------------------------------------------


def test_python_adds_import_os_after_the_docstring_and_future_imports():
    source = dedent(
        '''
        """Settings."""
        from __future__ import annotations

        import json

        DB_PASSWORD = "Tr1cky-Pa55"
        '''
    )
    assert _fixed(source, "python", "app/settings.py", "DB_PASSWORD") == dedent(
        '''
        """Settings."""
        from __future__ import annotations

        import os
        import json

        DB_PASSWORD = os.environ["DB_PASSWORD"]
        '''
    )


def test_python_reuses_an_existing_import_and_keeps_bytes_bytes():
    source = dedent(
        """
        import hmac
        import os


        def sign(body):
            return hmac.new(b"9a7f3c1e5b2d4f6a8c0e", body, "sha256").hexdigest()
        """
    )
    assert _fixed(source, "python", "app/sign.py", "HMAC_KEY") == dedent(
        """
        import hmac
        import os


        def sign(body):
            return hmac.new(os.environ["HMAC_KEY"].encode(), body, "sha256").hexdigest()
        """
    )


def test_python_uses_from_os_import_environ():
    source = dedent(
        """
        from os import environ

        client = Client(api_key="sk9f8e7d6c5b4a3f2e1d0c")
        """
    )
    assert _fixed(source, "python", "app/client.py", "API_KEY") == dedent(
        """
        from os import environ

        client = Client(api_key=environ["API_KEY"])
        """
    )


def test_python_provider_token_named_by_its_kind():
    source = 'import stripe\n\nclient = stripe.StripeClient("sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc")\n'
    assert _fixed(source, "python", "app/pay.py", "STRIPE_SECRET_KEY") == (
        'import os\nimport stripe\n\nclient = stripe.StripeClient(os.environ["STRIPE_SECRET_KEY"])\n'
    )


def test_python_private_key_over_concatenated_literals_is_replaced_whole():
    source = dedent(
        """
        import os

        SIGNING_KEY = ("-----BEGIN EC PRIVATE KEY-----\\n"
                       "MHcCAQEEIexampleFAKEkeyDATA0123456789abcdefghijklmnopqrstuvwxyzAB\\n"
                       "CDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/exampleFAKEkey==\\n"
                       "-----END EC PRIVATE KEY-----\\n")
        """
    )
    assert _fixed(source, "python", "app/keys.py", "SIGNING_KEY") == dedent(
        """
        import os

        SIGNING_KEY = (os.environ["SIGNING_KEY"])
        """
    )


def test_no_fix_for_a_token_inside_a_longer_literal():
    _no_fix('HEADERS = {"Authorization": "token ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"}\n', "python", "app/gh.py")


# --- JavaScript / TypeScript -------------------------------------------------------------------------------


def test_javascript_process_env():
    source = 'const pool = new Pool({ host: "db.internal", password: "Tr1cky-Pa55" });\n'
    assert _fixed(source, "javascript", "src/db.js", "PASSWORD") == (
        'const pool = new Pool({ host: "db.internal", password: process.env.PASSWORD });\n'
    )


def test_typescript_connection_string():
    source = 'export const redis = new Redis("redis://default:9f8e7d6c5b4a@cache.internal:6379");\n'
    assert _fixed(source, "typescript", "src/cache.ts", "REDIS_URL") == (
        "export const redis = new Redis(process.env.REDIS_URL);\n"
    )


def test_tsx_attribute_gets_braces():
    source = 'export const Map = () => <GoogleMap apiKey="AIzaSyEXAMPLE-aBcDeFgHiJkLmNoPqRsTuVwXY" />;\n'
    assert _fixed(source, "tsx", "src/Map.tsx", "GOOGLE_API_KEY") == (
        "export const Map = () => <GoogleMap apiKey={process.env.GOOGLE_API_KEY} />;\n"
    )


# --- Go ---------------------------------------------------------------------------------------------------


def test_go_adds_os_to_the_standard_library_group_in_order():
    source = dedent(
        """
        package auth

        import (
        	"fmt"
        	"net/http"

        	"github.com/golang-jwt/jwt/v5"
        )

        var jwtKey = []byte("f3a9c2e17b4d8e06a1b2c3d4")
        """
    )
    assert _fixed(source, "go", "auth/jwt.go", "JWT_KEY") == dedent(
        """
        package auth

        import (
        	"fmt"
        	"net/http"
        	"os"

        	"github.com/golang-jwt/jwt/v5"
        )

        var jwtKey = []byte(os.Getenv("JWT_KEY"))
        """
    )


def test_go_inserts_before_a_later_standard_import():
    source = (
        'package store\n\nimport (\n\t"database/sql"\n\t"strings"\n)\n\n'
        'func open() { cfg := Config{Password: "Tr1cky-Pa55"}; _ = cfg }\n'
    )
    assert _fixed(source, "go", "store/db.go", "PASSWORD") == (
        'package store\n\nimport (\n\t"database/sql"\n\t"os"\n\t"strings"\n)\n\n'
        'func open() { cfg := Config{Password: os.Getenv("PASSWORD")}; _ = cfg }\n'
    )


def test_go_without_imports_and_with_os_already_imported():
    assert _fixed('package a\n\nvar apiKey = "lk_7Hd92kLmQ4zX1pR8"\n', "go", "a/a.go", "API_KEY") == (
        'package a\n\nimport "os"\n\nvar apiKey = os.Getenv("API_KEY")\n'
    )
    assert _fixed('package a\n\nimport "os"\n\nvar apiKey = "lk_7Hd92kLmQ4zX1pR8"\n', "go", "a/a.go", "API_KEY") == (
        'package a\n\nimport "os"\n\nvar apiKey = os.Getenv("API_KEY")\n'
    )


def test_go_const_gets_no_fix():
    _no_fix('package a\n\nconst apiKey = "lk_7Hd92kLmQ4zX1pR8"\n', "go", "a/a.go")


# --- Java -------------------------------------------------------------------------------------------------


def test_java_system_getenv():
    source = 'class Db {\n    void configure(HikariDataSource ds) {\n        ds.setPassword("Tr1cky-Pa55");\n    }\n}\n'
    assert _fixed(source, "java", "src/Db.java", "PASSWORD") == (
        "class Db {\n    void configure(HikariDataSource ds) {\n"
        '        ds.setPassword(System.getenv("PASSWORD"));\n    }\n}\n'
    )


def test_java_annotation_gets_no_fix():
    _no_fix('class A {\n    @Connector(password = "Tr1cky-Pa55x")\n    String c;\n}\n', "java", "src/A.java")


def test_spring_yaml_password_becomes_an_environment_reference():
    source = "spring:\n  datasource:\n    username: shop\n    password: '123456'\n"
    fixed = _fixed(source, "yaml", "shop/src/main/resources/application-prod.yml", "DATASOURCE_PASSWORD")
    assert fixed == "spring:\n  datasource:\n    username: shop\n    password: ${DATASOURCE_PASSWORD}\n"


def test_compose_password_keeps_its_own_name():
    source = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Winter2024!\n"
    fixed = _fixed(source, "yaml", "deploy/docker-compose.prod.yml", "POSTGRES_PASSWORD")
    assert fixed.endswith("POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n")


def test_no_fix_in_yaml_whose_tool_does_not_read_the_environment():
    # A Kubernetes manifest does not expand ${NAME}: the finding stands, with no rewrite offered.
    source = "spec:\n  template:\n    env:\n      db_password: Winter2024!\n"
    _analysis, finding, fix = _fix(source, "yaml", "k8s/deployment.yaml")
    assert finding.rule_id == "BL305" and fix is None


def test_spring_yaml_provider_token_and_connection_string_become_environment_references():
    source = "stripe:\n  api-key: sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc\n"
    fixed = _fixed(source, "yaml", "shop/src/main/resources/application.yml", "API_KEY")
    assert fixed == "stripe:\n  api-key: ${API_KEY}\n"
    source = "spring:\n  datasource:\n    url: 'jdbc:mysql://shop:Sh0p-db-2024@db.internal:3306/shop'\n"
    fixed = _fixed(source, "yaml", "shop/src/main/resources/application-prod.yml", "DATASOURCE_URL")
    assert fixed == "spring:\n  datasource:\n    url: ${DATASOURCE_URL}\n"


def test_spring_properties_password_becomes_an_environment_reference():
    source = "spring.datasource.username=shop\r\nspring.datasource.password = 123456\r\n"
    fixed = _fixed(source, "properties", "shop/src/main/resources/application.properties", "DATASOURCE_PASSWORD")
    assert fixed == "spring.datasource.username=shop\r\nspring.datasource.password = ${DATASOURCE_PASSWORD}\r\n"
    source = "payments.stripe.api-key=sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc\n"
    fixed = _fixed(source, "properties", "shop/src/main/resources/application-prod.properties", "API_KEY")
    assert fixed == "payments.stripe.api-key=${API_KEY}\n"


@pytest.mark.parametrize(
    "source,path",
    [
        # Not a file Spring reads `${NAME}` in: the finding stands, no rewrite offered.
        ("signing.password=Tr1cky-Pa55\n", "gradle.properties"),
        # A value over two lines: `${NAME}` would have to replace both, which the value node does not cover.
        ("spring.datasource.password=Tr1cky-\\\n    Pa55\n", "src/main/resources/application.properties"),
    ],
)
def test_no_fix_for_properties_values_without_a_certain_rewrite(source, path):
    _analysis, finding, fix = _fix(source, "properties", path)
    assert finding.rule_id == "BL305" and fix is None


@pytest.mark.parametrize(
    "source,path",
    [
        # A Compose list item: `${NAME}` in place of the whole item would drop its `NAME=`.
        ("services:\n  app:\n    environment:\n      - SMTP_PASSWORD=Winter2024!\n", "docker-compose.yml"),
        # A Kubernetes Secret's base64 value: a manifest reads no environment.
        ("apiVersion: v1\nkind: Secret\ndata:\n  DB_PASSWORD: V2ludGVyMjAyNCE=\n", "k8s/secret.yaml"),
    ],
)
def test_no_fix_for_compose_list_items_and_kubernetes_secret_data(source, path):
    _analysis, finding, fix = _fix(source, "yaml", path)
    assert finding.rule_id == "BL305" and fix is None


@pytest.mark.parametrize(
    "source,language,path",
    [
        # YAML whose tool does not expand ${NAME}: the finding stands, no rewrite offered.
        ("env:\n  STRIPE_KEY: sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc\n", "yaml", "k8s/deployment.yaml"),
        # Other configuration formats have no deterministic rewrite.
        ('{"stripe": {"apiKey": "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"}}', "json", "config.json"),
        ("DATABASE_URL=postgres://orders:Tr1cky-Pa55@db.internal/orders\n", "dotenv", ".env"),
        ('locals {\n  stripe_key = "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"\n}\n', "terraform", "main.tf"),
        ("FROM alpine\nENV DB_PASSWORD=Tr1cky-Pa55\n", "dockerfile", "Dockerfile"),
        ('[database]\npassword = "Tr1cky-Pa55"\n', "toml", "config.toml"),
    ],
)
def test_no_fix_in_configuration_formats_without_a_safe_rewrite(source, language, path):
    _analysis, _finding, fix = _fix(source, language, path)
    assert fix is None


# --- PHP --------------------------------------------------------------------------------------------------


def test_php_config_array_value_becomes_getenv():
    source = dedent(
        """
        <?php

        return [
            'mysql' => [
                'host' => 'db.internal',
                'password' => 'Tr1cky-Pa55',
            ],
        ];
        """
    )
    assert _fixed(source, "php", "config/database.php", "PASSWORD") == dedent(
        """
        <?php

        return [
            'mysql' => [
                'host' => 'db.internal',
                'password' => getenv('PASSWORD'),
            ],
        ];
        """
    )


def test_php_define_keeps_its_constant_name():
    source = "<?php\n\ndefine('STRIPE_SECRET', 'sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc');\n"
    assert _fixed(source, "php", "bootstrap.php", "STRIPE_SECRET") == (
        "<?php\n\ndefine('STRIPE_SECRET', getenv('STRIPE_SECRET'));\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        # Class constants, property and parameter defaults need constant expressions.
        "<?php\n\nclass Billing\n{\n    const API_KEY = 'lk_7Hd92kLmQ4zX1pR8';\n}\n",
        "<?php\n\nclass Billing\n{\n    private $apiKey = 'lk_7Hd92kLmQ4zX1pR8';\n}\n",
        "<?php\n\nfunction connect($password = 'Tr1cky-Pa55') {}\n",
    ],
)
def test_php_constant_expressions_get_no_fix(source):
    _no_fix(source, "php", "src/Billing.php")


# --- C# ---------------------------------------------------------------------------------------------------


def test_csharp_environment_with_using_system():
    source = dedent(
        """
        using System;
        using System.Net;

        public class Mailer
        {
            public NetworkCredential Credential() =>
                new NetworkCredential("ops", "Winter2024!");
        }
        """
    )
    assert _fixed(source, "csharp", "src/Mailer.cs", "PASSWORD") == dedent(
        """
        using System;
        using System.Net;

        public class Mailer
        {
            public NetworkCredential Credential() =>
                new NetworkCredential("ops", Environment.GetEnvironmentVariable("PASSWORD"));
        }
        """
    )


def test_csharp_qualifies_environment_without_using_system():
    source = dedent(
        """
        public class OrdersContext : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseNpgsql(@"Host=db.internal;Username=orders;Password=Tr1cky-Pa55");
        }
        """
    )
    assert _fixed(source, "csharp", "src/OrdersContext.cs", "DATABASE_URL") == dedent(
        """
        public class OrdersContext : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseNpgsql(System.Environment.GetEnvironmentVariable("DATABASE_URL"));
        }
        """
    )


def test_csharp_static_readonly_field_is_fixed():
    source = 'using System;\n\nclass Keys\n{\n    static readonly string ApiKey = "lk_7Hd92kLmQ4zX1pR8";\n}\n'
    assert _fixed(source, "csharp", "src/Keys.cs", "API_KEY") == (
        "using System;\n\nclass Keys\n{\n"
        '    static readonly string ApiKey = Environment.GetEnvironmentVariable("API_KEY");\n}\n'
    )


@pytest.mark.parametrize(
    "source",
    [
        # A const, a parameter default and an attribute argument need compile-time constants.
        'using System;\n\nclass Keys\n{\n    const string ApiKey = "lk_7Hd92kLmQ4zX1pR8";\n}\n',
        'using System;\n\nclass Db\n{\n    void Connect(string password = "Tr1cky-Pa55") {}\n}\n',
        'class Db\n{\n    void Open()\n    {\n        const string password = "Tr1cky-Pa55";\n    }\n}\n',
    ],
)
def test_csharp_constants_get_no_fix(source):
    _no_fix(source, "csharp", "src/Keys.cs")


# --- Ruby -------------------------------------------------------------------------------------------------


def test_ruby_initializer_uses_env_fetch():
    source = dedent(
        """
        Rails.application.configure do
          config.secret_key_base = "4f8a2c9e1b7d3f6a0c5e8b2d9f1a4c7e"
        end
        """
    )
    assert _fixed(source, "ruby", "config/environments/production.rb", "SECRET_KEY_BASE") == dedent(
        """
        Rails.application.configure do
          config.secret_key_base = ENV.fetch("SECRET_KEY_BASE")
        end
        """
    )


def test_ruby_hash_value():
    source = 'DATABASE = { host: "db.internal", password: "Tr1cky-Pa55" }.freeze\n'
    assert _fixed(source, "ruby", "lib/store.rb", "PASSWORD") == (
        'DATABASE = { host: "db.internal", password: ENV.fetch("PASSWORD") }.freeze\n'
    )


def test_ruby_heredoc_key_gets_no_fix():
    source = dedent(
        """
        KEY = <<~PEM
          -----BEGIN EC PRIVATE KEY-----
          MHcCAQEEIexampleFAKEkeyDATA0123456789abcdefghijklmnopqrstuvwxyzAB
          CDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/exampleFAKEkey==
          -----END EC PRIVATE KEY-----
        PEM
        """
    )
    _no_fix(source, "ruby", "lib/keys.rb")


# --- Kotlin -----------------------------------------------------------------------------------------------


def test_kotlin_system_getenv():
    source = dedent(
        """
        fun hikari() = HikariConfig().apply {
            username = "orders"
            password = "Tr1cky-Pa55"
        }
        """
    )
    assert _fixed(source, "kotlin", "src/main/kotlin/Db.kt", "PASSWORD") == dedent(
        """
        fun hikari() = HikariConfig().apply {
            username = "orders"
            password = System.getenv("PASSWORD")
        }
        """
    )


def test_kotlin_val_is_fixed_and_const_val_is_not():
    source = 'object Keys {\n    private val apiKey = "lk_7Hd92kLmQ4zX1pR8"\n}\n'
    assert _fixed(source, "kotlin", "src/main/kotlin/Keys.kt", "API_KEY") == (
        'object Keys {\n    private val apiKey = System.getenv("API_KEY")\n}\n'
    )
    _no_fix('object Keys {\n    const val API_KEY = "lk_7Hd92kLmQ4zX1pR8"\n}\n', "kotlin", "src/main/kotlin/Keys.kt")


# --- Rust -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        'const API_KEY: &str = "lk_7Hd92kLmQ4zX1pR8";\n',
        'fn main() {\n    let api_key = "lk_7Hd92kLmQ4zX1pR8";\n}\n',
    ],
)
def test_rust_gets_no_fix(source):
    # std::env::var returns a Result<String, _>: the literal's place would change type.
    _no_fix(source, "rust", "src/main.rs")
