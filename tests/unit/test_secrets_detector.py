"""The secret detector: provider shapes, names, placeholders, masking, and scanning arbitrary text.

Secret-looking values here are fakes built from documentation examples and obvious words.
"""

from __future__ import annotations

import itertools

import pytest

from backlint.core import secrets
from backlint.core.secrets import (
    SecretHit,
    connection_passwords,
    find_secrets,
    is_placeholder,
    looks_like_secret,
    mask,
    secret_name_class,
)

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAexampleFAKEkeyDATA0123456789abcdefghijklmnopqrstuvwx\n"
    "yzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/exampleFAKEkeyDATAnotArealKEY\n"
    "-----END RSA PRIVATE KEY-----"
)


def _only(text: str) -> SecretHit:
    hits = find_secrets(text)
    assert len(hits) == 1, [(h.kind, h.rule) for h in hits]
    return hits[0]


# --- provider tokens ---------------------------------------------------------------------------------

PROVIDER_TOKENS = [
    ("aws-access-key", "AKIAZ7VQ2KD4XPLM3R6N"),
    ("aws-access-key", "ASIAY34FZKBOKMUTVV7A"),
    ("github-token", "ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"),
    ("github-token", "gho_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"),
    (
        "github-token",
        "github_pat_11EXAMPLE0aB1cD2eF3gH4i_J5kL6mN7oP8qR9sT0uV1wX2yZ3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6",
    ),
    ("gitlab-token", "glpat-EXAMPLEaBcDeFgHiJkLm"),
    ("slack-token", "xoxb-123456789012-1234567890123-EXAMPLEaBcDeFgHiJkLmNoPq"),
    ("slack-webhook", "https://hooks.slack.com/services/T0EXAMPLE/B0EXAMPLE/EXAMPLEaBcDeFgHiJkLmNoPqR"),
    ("stripe-secret-key", "sk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"),
    ("stripe-secret-key", "rk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"),
    ("stripe-test-key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
    ("google-api-key", "AIzaSyEXAMPLE-aBcDeFgHiJkLmNoPqRsTuVwXY"),
    ("openai-api-key", "sk-proj-EXAMPLEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
    ("openai-api-key", "sk-EXAMPLEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"),
    ("anthropic-api-key", "sk-ant-api03-EXAMPLEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-AA"),
    ("jwt", JWT),
    ("sendgrid-api-key", "SG.EXAMPLEaBcDeFgHiJkLmNo.EXAMPLEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
    ("npm-token", "npm_EXAMPLEaBcDeFgHiJkLmNoPqRsTuVwXyZ012"),
    ("django-secret-key", "django-insecure-k7#p2v@x9!m4q8r1z6w3t5y0u2i4o6e8a1s3d5"),
]


@pytest.mark.parametrize("kind,token", PROVIDER_TOKENS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(PROVIDER_TOKENS)])
def test_provider_token_found_whatever_it_is_called(kind, token):
    text = f'client = make_client(value="{token}", region="eu-west-1")\n'
    hit = _only(text)
    assert (hit.kind, hit.rule) == (kind, "BL301")
    assert text[hit.start : hit.end] == token


@pytest.mark.parametrize(
    "text",
    [
        'key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"',
        'token = "ghp_<your-token>"',
        'publishable = "pk_live_EXAMPLE4eC39HqLyjWDarjtT1zdp7dc"',
        'css = "task-list sk-spinner sk-SK"',
        'hook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"',
        'header = "eyJhbGciOiJIUzI1NiJ9"',
        'sha = "9fceb02d0ae598e95dc970b74767f19372d61af8"',
        'openai_key = "sk-..."',
    ],
)
def test_provider_shaped_placeholders_and_lookalikes_are_not_secrets(text):
    assert find_secrets(text) == []


def test_aws_secret_key_is_found_next_to_its_key_id_and_not_alone():
    pair = 'Credentials("AKIAZ7VQ2KD4XPLM3R6N", "q8Nf3vTz1LmB6yXk2PwR9sDh4JcE7uGa0VtYbK5n")'
    # Beside the id, a bare 40-character string is the secret only when a name says so; the id is found.
    assert [h.kind for h in find_secrets(pair)] == ["aws-access-key"]
    named = 'aws_secret_access_key = "q8Nf3vTz1LmB6yXk2PwR9sDh4JcE7uGa0VtYbK5n"'
    hit = _only(named)
    assert hit.kind == "aws-secret-key"
    assert named[hit.start : hit.end] == "q8Nf3vTz1LmB6yXk2PwR9sDh4JcE7uGa0VtYbK5n"


def test_bytes_scan_agrees_with_text_scan():
    text = f'a = "AKIAZ7VQ2KD4XPLM3R6N"; b = "ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"; c = "{JWT}"'
    assert secrets.provider_matches_bytes(text.encode()) == sorted(secrets.provider_matches(text))


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("password", "password"),
        ("dbPassword", "password"),
        ("DB_PASSWORD", "password"),
        ("spring.datasource.password", "password"),
        ("keyStorePassword", "password"),
        ("passwd", "password"),
        ("pwd", "password"),
        ("client_secret", "secret"),
        ("jwtSecret", "secret"),
        ("secretValue", "secret"),
        ("api_key", "key"),
        ("apiKey", "key"),
        ("APIKey", "key"),
        ("apikey", "key"),
        ("X-Api-Key", "key"),
        ("AWS_SECRET_ACCESS_KEY", "key"),
        ("private_key", "key"),
        ("SECRET_KEY", "key"),
        ("FERNET_KEY", "weak-key"),
        ("access_token", "token"),
        ("sessionToken", "token"),
        ("Authorization", "auth"),
        ("credentials", "credential"),
        # Names that only look like keys.
        ("public_key", None),
        ("STRIPE_PUBLISHABLE_KEY", None),
        ("token_type", None),
        ("tokenUrl", None),
        ("api_key_name", None),
        ("secret_name", None),
        ("client_id", None),
        ("password_hash", None),
        ("passwordField", None),
        ("password_env", None),
        ("private_key_path", None),
        ("auth_header", None),
        ("cache_key", None),
        ("idempotency_key", None),
        ("nextToken", None),
        ("csrf_token", None),
        ("bypass", None),
    ],
)
def test_secret_name_class(name, expected):
    assert secret_name_class(name) == expected
    assert secrets.is_secret_name(name) is (expected is not None)


def test_env_name_is_upper_snake():
    assert secrets.env_name("dbPassword") == "DB_PASSWORD"
    assert secrets.env_name("X-Api-Key") == "X_API_KEY"
    assert secrets.env_name("spring.datasource.password") == "SPRING_DATASOURCE_PASSWORD"
    assert secrets.env_name("APIKey") == "API_KEY"


# --- values ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "",
        "changeme",
        "changeit",
        "<YOUR_KEY>",
        "${DB_PASSWORD}",
        "{{ vault_password }}",
        "%(password)s",
        "xxx",
        "xxxxxxxxxxxx",
        "****",
        "your-api-key-here",
        "password",
        "test",
        "testpassword",
        "dummy_token_123",
        "[REDACTED]",
        "Iv1.8a61f9b3a7aba766",
        "root_pwd",
        "admin-password",
        "test.secret.key",
        "a-secret-key",
        "@someStrongPassword",
    ],
)
def test_placeholders(value):
    assert is_placeholder(value)
    assert not looks_like_secret(value, "password")
    assert not looks_like_secret(value, "secret")


@pytest.mark.parametrize(
    "value,name_class",
    [
        ("hunter22", "password"),
        ("Tr1cky-Pa55", "password"),
        ("P@ssw0rd!", "password"),
        ("password123", "password"),
        ("abcd efgh ijkl mnop", "password"),
        ("9c1f7d0b4e2a8f63d5b7c0e1a2f4d6b8", "key"),
        ("keyboard cat", "secret"),
        ("super-secret-key", "secret"),
        ("mySecretKey123", "secret"),
        ("mySecretKey", "secret"),
        ("Bearer 4f8a9c2d7e1b6f3a0c5d8e2b", "auth"),
        ("{noop}adm1n-2023!", "password"),
        ("e8d1c2b4-5f6a-4b7c-9d0e-1f2a3b4c5d6e", "token"),
        ("ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=", "weak-key"),
    ],
)
def test_real_looking_secrets(value, name_class):
    assert looks_like_secret(value, name_class)


@pytest.mark.parametrize(
    "value,name_class",
    [
        ("Bearer", "token"),
        ("Bearer ", "auth"),
        ("NextToken", "token"),
        ("Authorization", "auth"),
        ("access_token", "token"),
        ("x-auth-token", "token"),
        ("same-origin", "credential"),
        ("include", "credential"),
        ("DB_PASSWORD", "password"),
        ("Enter your password", "password"),
        ("Password must be at least 12 characters", "password"),
        ("https://auth.example.com/oauth/token", "token"),
        ("/etc/orders/keys/signing.pem", "key"),
        ("prod/orders/db-password", "secret"),
        ("$2b$12$KIXQJ5mH9sO0p1yZC3v7Ee8ZfJ1lXG0nT3yWqR4a5b6c7d8e9f0gH", "password"),
        ("{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy", "password"),
        ("dev-secret", "secret"),
        ("admin", "password"),
        ("ops@example.com", "credential"),
        ("AllYourBase", "key"),
        ("3f2c1b9e-7a4d-4e8f-9b0a-6c5d4e3f2a1b", "weak-key"),
        ("orders:v2:summary:user", "weak-key"),
    ],
)
def test_identifiers_references_prose_and_hashes_are_not_secrets(value, name_class):
    assert not looks_like_secret(value, name_class)


# --- masking -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("AKIAZ7VQ2KD4XPLM3R6N", "AKIA…(20 chars)"),
        ("hunter22", "hu…(8 chars)"),
        ("abc", "…(3 chars)"),
        ("Tr1cky-Pa55", "Tr…(11 chars)"),
    ],
)
def test_mask_shows_at_most_four_characters_and_the_length(value, expected):
    masked = mask(value)
    assert masked == expected
    shown = masked.split("…", 1)[0]
    assert len(shown) <= min(4, len(value) // 4)


# --- connection strings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,password,scheme",
    [
        ("postgresql+psycopg2://orders:Tr1cky-Pa55@db.internal:5432/orders", "Tr1cky-Pa55", "postgresql+psycopg2"),
        ("redis://:Rd5-pr0d-9xk@redis.internal:6379/1", "Rd5-pr0d-9xk", "redis"),
        ("postgres://app:Xk9#mPq2vL@pg.prod.internal:5432/app", "Xk9#mPq2vL", "postgres"),
        ("orders:Tr1cky-Pa55@tcp(mysql.internal:3306)/orders", "Tr1cky-Pa55", "mysql"),
        ("host=db.internal user=orders password=Tr1cky-Pa55 dbname=orders", "Tr1cky-Pa55", "dsn"),
        ("Server=sql.internal;Database=orders;User Id=orders;Password=Tr1cky-Pa55;", "Tr1cky-Pa55", "dsn"),
        ("jdbc:postgresql://db.internal/orders?user=orders&password=Tr1cky-Pa55", "Tr1cky-Pa55", "dsn"),
    ],
)
def test_connection_string_passwords(url, password, scheme):
    found = connection_passwords(url)
    assert [(url[c.start : c.end], c.scheme) for c in found] == [(password, scheme)]
    hit = _only(f'DATABASE_URL = "{url}"')
    assert (hit.kind, hit.rule) == ("connection-password", "BL302")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://localhost:5432/orders",
        "postgresql://orders:${DB_PASSWORD}@db.internal/orders",
        "postgresql://user:<password>@host/db",
        "postgresql://{user}:{password}@{host}/{name}",
        "postgres://%s:%s@%s/%s",
        "amqp://guest:guest@localhost:5672//",
        "postgresql://postgres:postgres@localhost:5432/app",
        "mysql://root:password@localhost/app",
        "postgresql://orders:****@db.internal/orders",
        "mongodb://reporting:@cluster0.example.mongodb.net/analytics",
        "git@github.com:example/orders.git",
        "host=db.internal user=orders password=%s",
        "https://examplePublicKey@o0.ingest.sentry.io/0",
    ],
)
def test_connection_strings_without_a_real_password(url):
    assert connection_passwords(url) == []


# --- private keys --------------------------------------------------------------------------------------


def test_pem_private_key_block_spans_header_to_footer():
    text = f'KEY = """{PEM}"""\n'
    hit = _only(text)
    assert (hit.kind, hit.rule) == ("rsa-private-key", "BL304")
    assert text[hit.start : hit.end] == PEM


@pytest.mark.parametrize(
    "text",
    [
        'HEADER = "-----BEGIN RSA PRIVATE KEY-----"',
        'DOC = "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"',
        PEM.replace("RSA PRIVATE", "PUBLIC"),
    ],
)
def test_pem_headers_without_key_material_or_public_keys(text):
    assert find_secrets(text) == []


# --- assignments in arbitrary text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value,name",
    [
        ('DB_PASSWORD = "Tr1cky-Pa55"', "Tr1cky-Pa55", "DB_PASSWORD"),
        ("'client_secret': 'cs_7Hd92kLmQ4zX1pR8',", "cs_7Hd92kLmQ4zX1pR8", "client_secret"),
        ("apiKey: `a1b2c3d4e5f6a7b8c9d0`", "a1b2c3d4e5f6a7b8c9d0", "apiKey"),
        ('password := "S3cr3t!Admin"', "S3cr3t!Admin", "password"),
        ("smtp_password: Winter2024!\n", "Winter2024!", "smtp_password"),
        ("JWT_SECRET=f3a9c2e17b4d8e06a1b2\n", "f3a9c2e17b4d8e06a1b2", "JWT_SECRET"),
        (
            '"Authorization": "Bearer 4f8a9c2d7e1b6f3a0c5d8e2b9f4a7c1d"',
            "4f8a9c2d7e1b6f3a0c5d8e2b9f4a7c1d",
            "Authorization",
        ),
    ],
)
def test_assignment_to_secret_like_name(text, value, name):
    hit = _only(text)
    assert hit.rule == "BL303"
    assert hit.name == name
    assert text[hit.start : hit.end] == value


@pytest.mark.parametrize(
    "text",
    [
        'password = os.environ["DB_PASSWORD"]',
        "password: str = Field(..., env='DB_PASSWORD')",
        "password = getpass()",
        'token = request.headers["Authorization"]',
        '"password": form.password.data,',
        'label = "Enter your password"',
        'password_hash = "5f4dcc3b5aa765d61d8327deb882cf99"',
        'token_type = "Bearer"',
        'client_id = "3f2c1b9e-7a4d-4e8f-9b0a-6c5d4e3f2a1b"',
        'api_key = "your-api-key-here"',
        "password: string;",
        "token: user.token,",
        'secret = "test"',
    ],
)
def test_not_secrets_in_text(text):
    assert find_secrets(text) == []


def test_offsets_are_code_points_and_hits_are_sorted_without_overlap():
    text = 'título = "café ☕"\nkey = "AKIAZ7VQ2KD4XPLM3R6N"\npassword = "Tr1cky-Pa55"\n'
    hits = find_secrets(text)
    assert [text[h.start : h.end] for h in hits] == ["AKIAZ7VQ2KD4XPLM3R6N", "Tr1cky-Pa55"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


def test_provider_token_beats_the_name_it_is_assigned_to():
    hit = _only('GITHUB_TOKEN = "ghp_EXAMPLE0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s"')
    assert (hit.kind, hit.rule) == ("github-token", "BL301")


# --- bounded time on pathological input ----------------------------------------------------------------

MEGABYTE_LINES = {
    "letters": "a" * 1_000_000,
    "secret-words": "key" * 333_334,
    "assignments": 'key="' * 200_000,
    "yaml-like": "password: x " * 83_334,
    "scheme-prefixes": "postgres://u:" * 76_924,
    "jwt-prefixes": "eyJ" * 333_334,
    "aws-prefixes": "AKIA" * 250_000,
    "pem-headers": "-----BEGIN PRIVATE KEY-----" * 37_038,
    "base64": "aB3/" * 250_000,
    "dsn-pairs": "host=a password=" * 62_500,
    "quotes": '"' * 1_000_000,
    "mysql-dsn": "a:b@tcp(" * 125_000,
}


@pytest.mark.parametrize("name", sorted(MEGABYTE_LINES))
def test_a_one_megabyte_line_completes(name):
    line = MEGABYTE_LINES[name]
    assert len(line) >= 999_000 and "\n" not in line
    hits = find_secrets(line)
    assert all(0 <= h.start < h.end <= len(line) for h in hits)


@pytest.mark.parametrize(
    "value,name",
    [
        ("manageresetpassword", "ManageResetPassword"),  # the name itself
        ("server-ssl-certificate-password", "SERVER_SSL_CERTIFICATEPASSWORD"),  # words of the name
        ("inputIncomingServerPassword", "ARG_INPUT_INCOMING_SERVER_PASSWORD"),
        ("pm-27581-device-auth-key", "DeviceAuthKey"),  # a feature flag named after a ticket
        ("send-xmpp-password", "OPTION_PASSWORD"),  # an option's name
        ("s3-password", "KEY_PASSWORD"),
        ("app.k9mail_auth", "KEY_AUTHORIZATION"),  # an Android bundle key
    ],
)
def test_values_that_name_a_field(value, name):
    assert secrets.names_a_field(value, name)


@pytest.mark.parametrize(
    "value,name",
    [
        ("super-secret-password", "DB_PASSWORD"),
        ("SecretKeyOfDoomThatMustBeAMinimumNumberOfBytes", "JWT_SECRET_KEY"),
        ("Duplicati_Key_42", "dbPassword"),
        ("tok_9xT2bQ7mZ4vL1pR8", "token"),
        ("Tr1cky-Pa55", "OPTION_PASSWORD"),
        ("Winter2024pass", "OPTION_PASSWORD"),
    ],
)
def test_values_that_do_not_name_a_field(value, name):
    assert not secrets.names_a_field(value, name)


def test_published_keys_hashed_names_selectors_and_bind_parameters_are_not_secrets():
    azurite = (
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
    )
    assert [h for h in find_secrets(azurite) if h.rule == "BL301"] == []  # the emulator's documented key
    # The Standard Webhooks example secret, in every webhook library's signature tests; another is found.
    assert [h for h in find_secrets('key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"') if h.rule == "BL301"] == []
    assert [h.rule for h in find_secrets('key = "whsec_Q7nVm2LkP9xRt4WzB8cY1sDf6GhJ3aE5"')] == ["BL301"]
    assert secret_name_class("hashed_password") is None and secret_name_class("crypted_password") is None
    assert secret_name_class("secret_key_base") == "key"
    assert not looks_like_secret("[data-controller=search-token]", "token")
    assert secrets.assigned_secrets("UPDATE users SET account_key = @accountKey WHERE id = @id") == []
    assert connection_passwords("type=eclair;server=http://eclair:4570;password=eclairpassword") == []
    hit = _only('// const LEGACY_API_KEY: &str = "lk_7Hd92kLmQ4zX1pR8";')
    assert hit.name == "LEGACY_API_KEY"
