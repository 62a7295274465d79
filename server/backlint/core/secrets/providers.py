"""Provider token shapes: AWS, GitHub, GitLab, Slack, Stripe, Google, OpenAI, Anthropic, JWT and more.

One scan serves two kinds of text: `str` (code-point offsets, for `find_secrets`) and the UTF-8
`bytes` the rules parse (byte offsets). The patterns are ASCII, so a match is the same token in
both; only the compiled patterns and the character before a match (an `int` in `bytes`) differ.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import AnyStr

from .values import _PLACEHOLDER_IN_TOKEN, char_classes, counts_up, entropy

# Token characters never directly after a token; the same characters directly before one are
# checked in code (a leading lookbehind would stop the regex engine from searching for the literal
# prefix, and scanning a megabyte would slow down twenty-fold). So `task-...` is not an OpenAI key.
_E = r"(?![A-Za-z0-9_\-])"
TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True)
class Provider:
    kind: str
    pattern: str
    env_name: str  # what the deterministic fix calls the environment variable
    prefix_length: int  # characters of the match that are a public prefix, not key material
    low_confidence: bool = False  # test-mode keys: still a leak, less urgent
    not_after: frozenset[str] = TOKEN_CHARS  # characters that must not come right before the token


PROVIDERS: tuple[Provider, ...] = (
    Provider("aws-access-key", r"A(?:KIA|SIA)[A-Z0-9]{16}(?![A-Z0-9])", "AWS_ACCESS_KEY_ID", 4, not_after=_ALNUM),
    Provider("github-token", r"gh[pousr]_[A-Za-z0-9]{30,76}" + _E, "GITHUB_TOKEN", 4),
    Provider("github-token", r"github_pat_[A-Za-z0-9_]{50,120}" + _E, "GITHUB_TOKEN", 11),
    Provider("gitlab-token", r"glpat-[A-Za-z0-9_\-]{20,64}" + _E, "GITLAB_TOKEN", 6),
    Provider("slack-token", r"xox[abprs]-[0-9]{6,15}-[A-Za-z0-9\-]{8,200}" + _E, "SLACK_TOKEN", 5),
    Provider(
        "slack-webhook",
        r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/]{20,160}",
        "SLACK_WEBHOOK_URL",
        32,
        not_after=frozenset(),
    ),
    Provider("stripe-secret-key", r"(?:sk|rk)_live_[A-Za-z0-9]{16,247}" + _E, "STRIPE_SECRET_KEY", 8),
    Provider("stripe-test-key", r"(?:sk|rk)_test_[A-Za-z0-9]{16,247}" + _E, "STRIPE_SECRET_KEY", 8, True),
    Provider("stripe-webhook-secret", r"whsec_[A-Za-z0-9]{24,64}" + _E, "STRIPE_WEBHOOK_SECRET", 6),
    Provider("google-api-key", r"AIza[0-9A-Za-z_\-]{32,40}" + _E, "GOOGLE_API_KEY", 4),
    Provider("anthropic-api-key", r"sk-ant-[A-Za-z0-9_\-]{20,200}" + _E, "ANTHROPIC_API_KEY", 7),
    Provider(
        "openai-api-key",
        r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,250}" + _E,
        "OPENAI_API_KEY",
        8,
    ),
    Provider("openai-api-key", r"sk-[A-Za-z0-9]{32,64}" + _E, "OPENAI_API_KEY", 3),
    # A run of token characters and dots from `eyJ` (possessive: each character is read once); the
    # header.payload.signature structure is checked in code, see `_jwt_length`.
    Provider("jwt", r"eyJ[A-Za-z0-9_\-.]{30,8000}+", "JWT", 3),
    Provider("sendgrid-api-key", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _E, "SENDGRID_API_KEY", 3),
    Provider("twilio-api-key", r"SK[0-9a-f]{32}(?![A-Za-z0-9])", "TWILIO_API_KEY", 2, not_after=_ALNUM),
    Provider("npm-token", r"npm_[A-Za-z0-9]{36}" + _E, "NPM_TOKEN", 4),
    Provider("pypi-token", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,200}" + _E, "PYPI_TOKEN", 5),
    Provider("mailgun-api-key", r"key-[0-9a-f]{32}" + _E, "MAILGUN_API_KEY", 4),
    Provider("shopify-token", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E, "SHOPIFY_TOKEN", 6),
    Provider("digitalocean-token", r"do[pro]_v1_[a-f0-9]{64}" + _E, "DIGITALOCEAN_TOKEN", 7),
    Provider("huggingface-token", r"hf_[A-Za-z]{34}" + _E, "HF_TOKEN", 3),
    Provider("django-secret-key", r"django-insecure-[A-Za-z0-9!@#$%^&*()=+_\-]{30,80}", "DJANGO_SECRET_KEY", 16),
    Provider("azure-storage-key", r"AccountKey=[A-Za-z0-9+/]{86}==", "AZURE_STORAGE_KEY", 11, not_after=frozenset()),
)


PROVIDER_BY_KIND = {p.kind: p for p in PROVIDERS}
# Each provider with its pattern compiled for `str` and for `bytes`, and the characters that must not
# come right before a match, as the scanned text yields them (`text[i]`: a `str`, or an `int` in `bytes`).
_SHAPES_STR = tuple((p, re.compile(p.pattern), p.not_after) for p in PROVIDERS)
_SHAPES_BYTES = tuple(
    (p, re.compile(p.pattern.encode("ascii")), frozenset(ord(c) for c in p.not_after)) for p in PROVIDERS
)

# An AWS secret access key: 40 base64 characters. Only reported beside an access key id or a name.
AWS_SECRET_SHAPE = re.compile(r"[A-Za-z0-9/+]{40}")

_RUN_OF_SAME = re.compile(r"(.)\1{5}")
# A provider token's body is random: a word saying it is made up is a fixture (`rk_test_fakevalue`).
_MADE_UP = re.compile(r"(?i)fake|dummy")


# The key pair AWS prints in its own documentation; every tutorial and test suite copies it.
AWS_DOCUMENTATION_KEYS = frozenset({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
# Keys every installation shares and the vendor publishes: the Azure Storage emulator's (Azurite's)
# account key for `devstoreaccount1`; the Standard Webhooks specification's example signing secret,
# which every webhook library's tests verify their signatures against.
_PUBLISHED_KEYS = frozenset(
    {
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }
)


def provider_token_ok(kind: str, token: str) -> bool:
    """A provider-shaped match that is not an obvious placeholder (`sk_live_xxxxxxxx`, `ghp_<token>`)."""
    if token in AWS_DOCUMENTATION_KEYS or token in _PUBLISHED_KEYS:
        return False
    provider = PROVIDER_BY_KIND[kind]
    body = token[provider.prefix_length :]
    if kind == "slack-webhook":
        body = token.rsplit("/", 1)[-1]
    if _PLACEHOLDER_IN_TOKEN.search(body) or _MADE_UP.search(body) or _RUN_OF_SAME.search(body) or counts_up(body):
        return False
    if kind == "jwt":
        return True
    return entropy(body) >= 3.0


def _jwt_length(run: str) -> int:
    """Length of the `eyJ<header>.eyJ<payload>.<signature>` at the start of a run, 0 if there is none."""
    parts = run.split(".", 3)
    if len(parts) < 3 or not parts[1].startswith("eyJ"):
        return 0
    if len(parts[0]) < 11 or len(parts[1]) < 11 or len(parts[2]) < 16 or "-" in parts[0][:3]:
        return 0
    return len(parts[0]) + len(parts[1]) + len(parts[2]) + 2


def jwt_expired(token: str, now: float | None = None) -> bool:
    """The JWT's `exp` claim lies in the past: a session token that no longer authenticates anyone
    (what API collections and docs keep, copied from a login response years ago)."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, binascii.Error):
        return False
    expires = claims.get("exp") if isinstance(claims, dict) else None
    if not isinstance(expires, (int, float)) or isinstance(expires, bool):
        return False
    return expires < (time.time() if now is None else now)


def provider_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every provider-shaped token in `text` that is not a placeholder."""
    return _provider_scan(text, _SHAPES_STR)


def provider_matches_bytes(data: bytes) -> list[tuple[int, int, str]]:
    """The same, over UTF-8 bytes (offsets are byte offsets): the rules work on the parsed bytes."""
    return sorted(_provider_scan(data, _SHAPES_BYTES))


def _provider_scan(
    text: AnyStr, shapes: Sequence[tuple[Provider, re.Pattern[AnyStr], Collection[object]]]
) -> list[tuple[int, int, str]]:
    """The scan behind both: grouped by provider, in text order within each."""
    out: list[tuple[int, int, str]] = []
    for provider, regex, not_after in shapes:
        for match in regex.finditer(text):
            start, found = match.start(), match.group()
            if start and text[start - 1] in not_after:
                continue
            token = found if isinstance(found, str) else found.decode("ascii")
            if provider.kind == "jwt":
                token = token[: _jwt_length(token)]
                if not token:
                    continue
            if provider_token_ok(provider.kind, token):
                out.append((start, start + len(token), provider.kind))
    return out


def looks_like_aws_secret(value: str) -> bool:
    """40 base64 characters mixing cases and digits: the shape of an AWS secret access key."""
    return (
        len(value) == 40
        and AWS_SECRET_SHAPE.fullmatch(value) is not None
        and char_classes(value) >= 3
        and entropy(value) >= 4.0
        and not _PLACEHOLDER_IN_TOKEN.search(value)
        and value not in AWS_DOCUMENTATION_KEYS
    )
