"""Redaction with the project's own secret detector, and the deny list."""

from __future__ import annotations

from backlint.core.secrets import find_secrets
from backlint.llm.denylist import denied
from backlint.llm.redact import (
    PLACEHOLDER,
    Redactor,
    SecretSpan,
    hits_in,
    load_detector,
)
from backlint.llm.settings import DEFAULT_DENY_FILES

AWS_ID = "AKIA" + "Z7Q4WLMN3RT5XK2B"  # split so the test file itself is no finding
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEA7d3kQ9aXcPqLmN2vB8sYtR4uW6zE1fH3jK5lM7nO9pQ\n"
    "q0rS2tU4vW6xY8zA1bC3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1f\n"
    "-----END RSA PRIVATE KEY-----"
)


def test_the_packaged_detector_is_used():
    assert load_detector() is find_secrets


def test_typed_numbered_placeholders_and_quotes_kept():
    text = f'key_id = "{AWS_ID}"\nother = "{AWS_ID}"\nurl = "postgres://app:Tr0ub4dor-x9Q@db.internal/app"\n'
    redactor = Redactor(find_secrets)
    out = redactor.redact(text)
    assert AWS_ID not in out and "Tr0ub4dor-x9Q" not in out
    assert 'key_id = "<SECRET:aws-access-key#1>"' in out
    assert 'other = "<SECRET:aws-access-key#1>"' in out  # same value, same placeholder
    assert "postgres://app:<SECRET:connection-password#1>@db.internal/app" in out
    assert set(redactor.kinds.values()) == {"aws-access-key", "connection-password"}


def test_a_multi_line_key_keeps_the_line_count_when_asked():
    text = f'KEY = """{PEM}"""\nprint(1)\n'
    out = Redactor(find_secrets).redact(text, keep_lines=True)
    assert "MIIEowIBAAKCAQEA" not in out
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[-1] == "print(1)"


def test_extra_spans_redact_what_the_detector_missed():
    text = 'password = "correct-horse"\n'
    start = text.index('"')
    out = Redactor(lambda _t: []).redact(
        text, [SecretSpan(start, text.index('"', start + 1) + 1, "hardcoded-password")]
    )
    assert out == 'password = "<SECRET:hardcoded-password#1>"\n'


def test_hits_of_any_shape_are_accepted_and_overlaps_merged():
    hits = [{"start": 0, "end": 5, "kind": "Token"}, (3, 8, "token"), (20, 10, "bad"), (0, 999, "out of range")]
    assert hits_in("abcdefghijklmnop", lambda _t: hits) == [SecretSpan(0, 8, "token")]


def test_placeholder_pattern():
    assert PLACEHOLDER.fullmatch("<SECRET:aws-access-key#12>")
    assert not PLACEHOLDER.fullmatch("<SECRET:AWS#1>")


def test_deny_list():
    assert denied("/w/.env", DEFAULT_DENY_FILES) == ".env*"
    assert denied("/w/.env.production", DEFAULT_DENY_FILES) == ".env*"
    assert denied("/w/keys/server.pem", DEFAULT_DENY_FILES) == "*.pem"
    assert denied("/home/u/.ssh/id_rsa", DEFAULT_DENY_FILES) == "id_rsa*"
    assert denied("C:\\proj\\config\\secrets.py", DEFAULT_DENY_FILES) == "secrets.*"
    assert denied("/w/app/service.py", DEFAULT_DENY_FILES) is None
    assert denied("/w/app/keys.py", DEFAULT_DENY_FILES) is None
    assert denied("/w/internal/billing/charge.go", ("internal/billing/*",)) == "internal/billing/*"
    assert denied("", DEFAULT_DENY_FILES) is None


def test_a_secret_repeated_under_a_name_that_does_not_look_secret_is_redacted_too():
    token = "lk_7Hd92kLm" + "Q4zX1pR8"
    text = f'let api_key = "{token}";\nlet api_key_name = "{token}";\nlet label = "{token}-suffix";\n'
    assert len(hits_in(text, find_secrets)) == 1  # the detector sees the first only
    out = Redactor(find_secrets).redact(text)
    assert token not in out
    assert out.count("<SECRET:") == 3 and len(set(PLACEHOLDER.findall(out))) == 1
