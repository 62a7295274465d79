"""Names that hold secrets: `dbPassword`, `AWS_SECRET_ACCESS_KEY`, `api_key` (not `cache_key`), and the
environment variable a fix moves a value to."""

from __future__ import annotations

import re
from functools import lru_cache

_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_TRAILING_DIGITS = re.compile(r"\d+$")


def name_words(name: str) -> list[str]:
    """`dbPassword` -> [db, password]; `AWS_SECRET_ACCESS_KEY` -> [aws, secret, access, key]."""
    return list(_name_words(name[:200]))


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    split = _ACRONYM.sub(r"\1 \2", _HUMP.sub(r"\1 \2", name))
    return tuple(w.lower() for w in _NOT_ALNUM.split(split) if w)


PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "pw", "pword", "passphrase", "passcode"})
SECRET_WORDS = frozenset({"secret"})
CREDENTIAL_WORDS = frozenset({"credential", "credentials", "creds", "cred"})
AUTH_WORDS = frozenset({"auth", "authorization"})
# Words that make a "token" something else: pagination cursors and anti-forgery tokens.
TOKEN_NOT_SECRET = frozenset(
    {
        "next", "page", "pagination", "paging", "continuation", "cursor", "sync", "marker", "resume", "cancellation",
        "cancel", "csrf", "xsrf", "max", "min", "num", "count", "total", "input", "output", "prompt", "completion",
        "usage", "first", "last", "end", "start", "eos", "bos", "pad", "unk", "special",
    }
)  # fmt: skip
# What a `*_key` has to be to hold key material, rather than being a cache, sort or dictionary key.
KEY_QUALIFIERS = frozenset(
    {
        "api", "secret", "private", "access", "auth", "signing", "sign", "encryption", "encrypt", "decryption",
        "crypto", "master", "client", "app", "application", "service", "license", "licence", "webhook", "hmac",
        "jwt", "aes", "rsa", "shared", "consumer", "developer", "subscription", "admin", "integration", "cipher",
        "session", "cookie", "stripe", "openai", "anthropic", "sendgrid", "twilio", "mailgun", "mailchimp",
        "github", "gitlab", "slack", "google", "maps", "firebase", "algolia", "pusher", "datadog", "dd",
        "newrelic", "aws", "azure", "gcp", "heroku", "cloudflare", "paypal", "braintree", "shopify", "mapbox",
        "recaptcha", "captcha", "storage", "account", "sas", "ssh", "gpg", "pgp", "totp", "otp", "root",
    }
)  # fmt: skip
# `*_key` names that are lookup keys of some store, never key material.
KEY_NOT_SECRET = frozenset(
    {
        "cache", "sort", "partition", "primary", "foreign", "idempotency", "redis", "s3", "object", "bucket",
        "i18n", "translation", "message", "lookup", "map", "dict", "row", "unique", "composite", "list", "item",
        "field", "column", "index", "group", "routing", "shard", "config", "setting", "settings", "env", "query",
        "search", "dedup", "dedupe", "lock", "rate", "throttle", "metric", "state", "storage", "local", "context",
        "ctx", "header", "param", "form", "json", "yaml", "property", "prop", "attr", "attribute", "name", "event",
        "queue", "topic", "stream", "table", "record", "entity", "model", "store", "registry", "react", "sorting",
        "hot", "short", "shortcut", "keyboard", "press", "enter", "escape", "tab", "arrow", "up", "down", "api_doc",
        "doc", "docs", "label", "type", "kind", "public", "pub", "ssh_public", "sentinel", "default", "next", "prev",
        "previous", "last", "first", "start", "end", "range", "order", "by", "user", "session_cache", "feature",
    }
)  # fmt: skip
# Words that make a `pass` one run over the data (`hwScaleFilterFirstPass`, `renderPass`) or a ticket
# (`boardingPass`), not a password.
PASS_NOT_PASSWORD = frozenset({
    "first", "second", "third", "last", "final", "next", "single", "multi", "one", "two", "double", "render",
    "shader", "filter", "scale", "encode", "decode", "high", "low", "band", "boarding", "bus", "day", "season",
    "by", "sur", "over", "compile", "lint", "check", "validation",
})  # fmt: skip
# Trailing words that do not change what a name holds (`password_value`, `secretStr`).
TRANSPARENT_TRAILERS = frozenset(
    {
        "value", "val", "str", "string", "plain", "plaintext", "raw", "text", "literal", "prod", "production",
        "dev", "development", "staging", "stage", "test", "live", "local", "sandbox", "old", "new", "legacy",
        "primary", "secondary", "backup", "default", "fallback", "override", "b64", "base64", "encoded", "hex",
        "bytes", "v1", "v2", "v3",
    }
)  # fmt: skip
# `publicKey`, and `hashed_password` / `crypted_password` (what is stored instead of the secret).
NOT_SECRET_QUALIFIERS = frozenset({"public", "publishable", "pub", "hashed", "crypted"})
# Compound words written without separators: `apikey`, `dbpassword`, `authtoken`.
_COMPOUND_SUFFIXES = (
    ("password", "password"),
    ("passwd", "password"),
    ("passphrase", "password"),
    ("secret", "secret"),
    ("apikey", "key"),
    ("secretkey", "key"),
    ("privatekey", "key"),
    ("accesskey", "key"),
    ("signingkey", "key"),
    ("token", "token"),
    ("credentials", "credential"),
)


@lru_cache(maxsize=4096)
def secret_name_class(name: str) -> str | None:
    """What kind of secret a name holds: password, secret, token, key, credential, auth; or None.

    The last word decides (`password_hash`, `token_url`, `api_key_name` hold no secret); `*_key` needs a
    qualifier that means key material (`api_key`, `signing_key`, not `cache_key` or `public_key`).
    """
    words = name_words(name)
    while len(words) > 1 and words[-1] in TRANSPARENT_TRAILERS:
        words.pop()
    if words[-2:] == ["key", "base"] and len(words) > 2:
        words.pop()  # Rails' `secret_key_base`, the key its cookies and sessions are signed with
    if not words or any(w in NOT_SECRET_QUALIFIERS for w in words):
        return None
    last = _TRAILING_DIGITS.sub("", words[-1]) or words[-1]
    before = words[-2] if len(words) > 1 else ""
    if last in PASSWORD_WORDS:
        if last == "pass" and before in PASS_NOT_PASSWORD:
            return None
        return "password"
    if last in SECRET_WORDS or last == "secrets":
        return "secret"
    if last == "token":
        return None if before in TOKEN_NOT_SECRET else "token"
    if last == "key":
        if before == "storage":
            # `localStorageKey`, `sessionStorageKey`: where a browser keeps a value; a storage account's
            # key (`AZURE_STORAGE_KEY`) is long random material, as a weak key must be.
            return None if words[-3:-2] in (["local"], ["session"]) else "weak-key"
        if before in KEY_QUALIFIERS:
            return "key"
        # `FERNET_KEY`, `key`: key material only when the value is long and random (see looks_like_secret).
        return None if before in KEY_NOT_SECRET else "weak-key"
    if last in CREDENTIAL_WORDS:
        return "credential"
    if last in AUTH_WORDS:
        return "auth"
    for suffix, kind in _COMPOUND_SUFFIXES:
        if last == suffix:
            return kind
        if last.endswith(suffix):
            head = last[: -len(suffix)]
            if kind == "token" and head in TOKEN_NOT_SECRET:
                return None
            if head in ("pub", "public"):
                return None
            return kind
    return None


# Names of keys that sign or encrypt: whatever the value looks like (a passphrase with spaces, a
# sentence), whoever reads it can forge tokens and sessions.
_SIGNING_NAME = re.compile(r"(?i)(?:jwt|sign(?:ing)?|hmac|encryption|crypto)_?(?:key|secret)|^_*secret_?key$")


def is_signing_key_name(name: str) -> bool:
    return (
        _SIGNING_NAME.search(name.replace("-", "_")) is not None
        or _SIGNING_NAME.search("_".join(name_words(name))) is not None
    )


def is_secret_name(name: str) -> bool:
    return secret_name_class(name) is not None


def env_name(name: str) -> str:
    """UPPER_SNAKE environment variable name for a variable, key or field name."""
    words = name_words(name)
    out = "_".join(w.upper() for w in words)
    if out and out[0].isdigit():
        out = "_" + out
    return out[:80]
