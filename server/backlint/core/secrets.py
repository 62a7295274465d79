"""The secret detector: provider-shaped tokens, credentials in connection strings, PEM private keys,
and values assigned to secret-like names.

Pure stdlib. The rules of the secrets family use the predicates here on the literals their queries
find; `find_secrets` scans arbitrary text (used to redact code before it leaves the machine).
Every pattern has bounded repetition and no nested quantifier, so a 1 MB single line scans in
linear time.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- provider tokens

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
    not_after: frozenset = TOKEN_CHARS  # characters that must not come right before the token


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

_PROVIDER_STR = tuple(re.compile(p.pattern) for p in PROVIDERS)
_PROVIDER_BYTES = tuple(re.compile(p.pattern.encode("ascii")) for p in PROVIDERS)
PROVIDER_BY_KIND = {p.kind: p for p in PROVIDERS}

# An AWS secret access key: 40 base64 characters. Only reported beside an access key id or a name.
AWS_SECRET_SHAPE = re.compile(r"[A-Za-z0-9/+]{40}")

_PLACEHOLDER_IN_TOKEN = re.compile(r"(?i)your|here|replace|insert|placeholder|redacted|xxxx|\*\*\*|\.\.\.|<|>")
_RUN_OF_SAME = re.compile(r"(.)\1{5}")


# The key pair AWS prints in its own documentation; every tutorial and test suite copies it.
AWS_DOCUMENTATION_KEYS = frozenset({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})


def provider_token_ok(kind: str, token: str) -> bool:
    """A provider-shaped match that is not an obvious placeholder (`sk_live_xxxxxxxx`, `ghp_<token>`)."""
    if token in AWS_DOCUMENTATION_KEYS:
        return False
    provider = PROVIDER_BY_KIND[kind]
    body = token[provider.prefix_length :]
    if kind == "slack-webhook":
        body = token.rsplit("/", 1)[-1]
    if _PLACEHOLDER_IN_TOKEN.search(body) or _RUN_OF_SAME.search(body):
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


def provider_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every provider-shaped token in `text` that is not a placeholder."""
    out: list[tuple[int, int, str]] = []
    for provider, regex in zip(PROVIDERS, _PROVIDER_STR):
        for match in regex.finditer(text):
            start, token = match.start(), match.group()
            if start and text[start - 1] in provider.not_after:
                continue
            if provider.kind == "jwt":
                token = token[: _jwt_length(token)]
                if not token:
                    continue
            if provider_token_ok(provider.kind, token):
                out.append((start, start + len(token), provider.kind))
    return out


def provider_matches_bytes(data: bytes) -> list[tuple[int, int, str]]:
    """The same, over UTF-8 bytes (offsets are byte offsets): the rules work on the parsed bytes."""
    out: list[tuple[int, int, str]] = []
    for provider, regex in zip(PROVIDERS, _PROVIDER_BYTES):
        for match in regex.finditer(data):
            start, token = match.start(), match.group().decode("ascii")
            if start and chr(data[start - 1]) in provider.not_after:
                continue
            if provider.kind == "jwt":
                token = token[: _jwt_length(token)]
                if not token:
                    continue
            if provider_token_ok(provider.kind, token):
                out.append((start, start + len(token), provider.kind))
    out.sort()
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


# --------------------------------------------------------------------------- entropy and masking


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def char_classes(value: str) -> int:
    """How many of lower case, upper case, digits and other characters the value mixes."""
    if not value:
        return 0
    return (
        (value.upper() != value)
        + (value.lower() != value)
        + (_DIGIT.search(value) is not None)
        + (not value.isalnum())
    )


_DIGIT = re.compile(r"\d")


def mask(value: str) -> str:
    """A secret as it may be shown: at most 4 leading characters (fewer for short values) and the length."""
    shown = 4 if len(value) >= 16 else len(value) // 4
    return f"{value[:shown]}…({len(value)} chars)"


# --------------------------------------------------------------------------- names

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
)
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
)
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
)
# Trailing words that do not change what a name holds (`password_value`, `secretStr`).
TRANSPARENT_TRAILERS = frozenset(
    {
        "value", "val", "str", "string", "plain", "plaintext", "raw", "text", "literal", "prod", "production",
        "dev", "development", "staging", "stage", "test", "live", "local", "sandbox", "old", "new", "legacy",
        "primary", "secondary", "backup", "default", "fallback", "override", "b64", "base64", "encoded", "hex",
        "bytes", "v1", "v2", "v3",
    }
)
NOT_SECRET_QUALIFIERS = frozenset({"public", "publishable", "pub"})
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
    if not words or any(w in NOT_SECRET_QUALIFIERS for w in words):
        return None
    last = _TRAILING_DIGITS.sub("", words[-1]) or words[-1]
    before = words[-2] if len(words) > 1 else ""
    if last in PASSWORD_WORDS:
        return "password"
    if last in SECRET_WORDS or last == "secrets":
        return "secret"
    if last == "token":
        return None if before in TOKEN_NOT_SECRET else "token"
    if last == "key":
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
    return _SIGNING_NAME.search(name.replace("-", "_")) is not None or _SIGNING_NAME.search("_".join(name_words(name))) is not None


def signing_passphrase(value: str) -> bool:
    """A passphrase assigned to a signing key: long enough to be meant, not a placeholder or a reference."""
    v = value.strip()
    return 12 <= len(v) <= 200 and not is_placeholder(v) and not is_reference(v) and not _HASH_SHAPE.match(v) and (
        len(set(v.lower()) - set(" ")) >= 6
    )


def restates_name(value: str, name: str) -> bool:
    """The value is the name written out (`signing_secret: "Signing Secret"`): a label, not a secret."""
    value_words_ = [w.lower() for w in re.findall(r"[A-Za-z]+", value)]
    return len(value_words_) >= 2 and value_words_ == [w.lower() for w in name_words(name)]


def reads_as_label(value: str) -> bool:
    """Words for people: `Chave Secreta`, `Signing Secret`, a sentence in any script."""
    words = value.split()
    if any(ord(c) > 127 and c.isalpha() for c in value):
        return True
    return len(words) >= 2 and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in words)


def is_secret_name(name: str) -> bool:
    return secret_name_class(name) is not None


def env_name(name: str) -> str:
    """UPPER_SNAKE environment variable name for a variable, key or field name."""
    words = name_words(name)
    out = "_".join(w.upper() for w in words)
    if out and out[0].isdigit():
        out = "_" + out
    return out[:80]


# --------------------------------------------------------------------------- values

_PLACEHOLDER_VALUES = frozenset(
    {
        "password", "passwd", "pass", "pwd", "secret", "secretkey", "secrettoken", "token", "apikey", "apitoken",
        "accesstoken", "authtoken", "key", "changeme", "changeit", "test", "testing", "admin", "root", "user",
        "username", "guest", "default", "example", "sample", "none", "null", "nil", "undefined", "empty",
        "string", "str", "value", "todo", "foo", "bar", "foobar", "qwerty", "123456", "1234567", "12345678",
        "123456789", "1234567890", "000000", "00000000", "abcdef", "abcdefgh", "bearer", "basic", "required",
        "include", "omit", "hidden", "secure", "insecure",
    }
)
_PLACEHOLDER_WORDS = frozenset(
    {
        "your", "yours", "change", "changeme", "changeit", "replace", "placeholder", "example", "sample",
        "dummy", "fake", "mock", "test", "testing", "todo", "fixme", "tbd", "redacted", "insert", "here",
        "foo", "bar", "baz", "foobar", "lorem", "ipsum", "none", "null", "undefined", "nil", "dev",
        "development", "local", "localhost", "default", "xxx", "xxxx", "enter", "put", "set", "update",
    }
)
_TEMPLATE = re.compile(r"\$\{|\{\{|\$\(|#\{|%\(|%[sdr]|\{[A-Za-z0-9_.]{0,40}\}|^\$[A-Za-z_]|^@[A-Za-z_]+@$|^__[A-Z_]+__$")
_MASKED = re.compile(r"(?i)\*{3}|•|…|\.\.\.|xxx|<[^>]{0,80}>|\[[A-Za-z_ ]{0,40}\]")
_AUTH_SCHEME = re.compile(r"(?i)^(?:bearer|basic|token|bot|digest|apikey|api-key)\s+")
_SPRING_PREFIX = re.compile(r"^\{(?:noop|plain)\}")
_HASH_SHAPE = re.compile(
    r"^(?:\{[a-z0-9]+\})?(?:\$2[abxy]?\$\d\d\$|\$argon2|\$[156]\$|\$scrypt\$|pbkdf2_|sha1\$|md5\$|bcrypt\$|argon2)"
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.:\-]{0,40}://")
_PATH = re.compile(r"^(?:/|\./|\.\./|~/|[A-Za-z]:[\\/]|classpath:|file:|arn:|projects/|secret/|kv/)")
_FILE_EXT = re.compile(
    r"(?i)\.(?:pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|env|ini|cfg|conf|pub|gpg|asc|keystore|properties|xml|toml|js|ts|py|go|java|html)$"
)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{2,}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,}$")
_WORD_PART = re.compile(r"^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)$")
_SEPARATORS = re.compile(r"[-_. ]")
# Words of hand-typed secrets (`super-secret-key`); not `token` or `auth`, common in identifiers.
_SECRETISH_WORDS = ("secret", "key", "password", "passw", "pass", "jwt", "signing", "private")


_LETTER_RUN = re.compile(r"[A-Za-z]{1,100}")


def value_words(value: str) -> list[str]:
    """The words spelled in a value: `test123` -> [test], `myTestKey` -> [my, test, key]."""
    return [w for run in _LETTER_RUN.findall(value[:400]) for w in name_words(run)]


# Words that mark a value as made up when it starts or ends with them: `testpassword`, `secret_example`.
_PLACEHOLDER_AFFIXES = ("test", "dummy", "fake", "example", "sample", "mock", "changeme", "your", "placeholder")
# Public identifiers that sit under key-like names: GitHub OAuth app client ids.
_PUBLIC_IDS = re.compile(r"^Iv1\.[0-9a-f]{16}$|^Iv23[A-Za-z0-9]{16}$")


def is_placeholder(value: str) -> bool:
    """Values that stand in for a secret: `changeme`, `<YOUR_KEY>`, `${VAR}`, `xxx`, `****`, empty..."""
    stripped = value.strip()
    if not stripped:
        return True
    compact = _NOT_ALNUM.sub("", stripped).lower()
    if not compact or compact in _PLACEHOLDER_VALUES:
        return True
    letters = "".join(c for c in compact if c.isalpha())
    made_up = letters.startswith(_PLACEHOLDER_AFFIXES) or letters.endswith(_PLACEHOLDER_AFFIXES)
    if made_up and entropy(stripped) < 4.2:
        return True
    if _PUBLIC_IDS.match(stripped) or _TEMPLATE.search(stripped) or _MASKED.search(stripped):
        return True
    return len(set(stripped)) <= 2


def _wordy_parts(value: str) -> list[str] | None:
    """The words of a value made only of words and separators (`same-origin`, `NextToken`), else None."""
    if not value or len(value) > 80:
        return None
    parts = [p for p in _SEPARATORS.split(value) if p]
    if not parts:
        return None
    words: list[str] = []
    for part in parts:
        if not part.isalpha():
            return None
        humps = name_words(part)
        if not all(_WORD_PART.match(h) or h.isalpha() for h in humps):
            return None
        # A random mix of cases (`aBcDeF`) is not an identifier: humps of one letter give it away.
        split = _ACRONYM.sub(r"\1 \2", _HUMP.sub(r"\1 \2", part)).split()
        if len(split) > 1 and any(len(h) < 2 for h in split):
            return None
        words.extend(h.lower() for h in split)
    return words


# Cache and limiter keys, role names: `koa-limit:download`, `role::auth:`, `session:user:`.
_COLON_KEY = re.compile(r"^[a-z][a-z0-9_.-]*(?::{1,2}[a-z0-9_.-]*)+$")


def is_reference(value: str) -> bool:
    """Values that name a secret rather than hold one: URLs, paths, env var names, property keys,
    cache keys, emails."""
    if _URL.match(value) or _PATH.match(value) or _FILE_EXT.search(value) or _EMAIL.match(value):
        return True
    if _COLON_KEY.match(value):
        return True
    if _ENV_NAME.match(value):
        return True
    if "/" in value:
        segments = [s for s in value.split("/") if s]
        if segments and all(_wordy_parts(s) is not None or s.isdigit() for s in segments):
            return True
    return False


@lru_cache(maxsize=4096)
def looks_like_secret(value: str, name_class: str = "secret") -> bool:
    """Whether a literal assigned to a secret-like name holds a real-looking secret.

    Rejects placeholders, references (URLs, paths, env var names), password hashes, prose, and
    identifier-like words (`Bearer`, `NextToken`, `same-origin`); accepts values that mix character
    classes or are long and random enough for their kind of name.
    """
    if len(value) > 10_000 or len(value) < 6:
        return False
    v = value.strip()
    scheme = _AUTH_SCHEME.match(v)
    if scheme:
        v = v[scheme.end() :].strip()
        name_class = "token"
    v = _SPRING_PREFIX.sub("", v)
    if is_placeholder(v) or _HASH_SHAPE.match(v) or is_reference(v) or _REGEX_LIKE.search(v):
        return False
    if name_class == "weak-key":
        return _random_key_material(v)
    min_length = 6 if name_class == "password" else 8
    if len(v) < min_length:
        return False
    if name_class == "password" and _APP_PASSWORD.match(v):
        return True
    words = _wordy_parts(v)
    if words is not None:
        return _wordy_secret(v, words, name_class)
    if any(c.isspace() for c in v):
        return False  # prose with digits or punctuation: a message, a query, a format string
    if any(w in _PLACEHOLDER_WORDS for w in value_words(v)) and entropy(v) < 4.2:
        return False
    classes = char_classes(v)
    if v.isdigit():
        return len(v) >= 16
    if name_class == "password":
        return classes >= 2 or len(v) >= 12
    return (classes >= 2 and entropy(v) >= 2.5) or (len(v) >= 16 and entropy(v) >= 3.0)


# Regular expressions assigned to `token_pattern`-like names: `[-!#$%&'*+.^_`|~0-9a-zA-Z]+`, `^\w+$`.
_REGEX_LIKE = re.compile(r"\[[^\]]{1,80}\][+*?{]|\\[wdsWDSbB]|^\^.{0,200}\$$|\(\?[:=!<P]")
_APP_PASSWORD = re.compile(r"^[a-z]{4}(?: [a-z]{4}){3}$")  # Google app passwords: `abcd efgh ijkl mnop`
_KEY_MATERIAL = re.compile(r"^[A-Za-z0-9+/_\-]{24,}={0,2}$")  # hex, base64 or base64url
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _random_key_material(value: str) -> bool:
    """A `*_key` of no known kind holds key material only if it is long and random (Fernet, AES, HMAC)."""
    if len(value) < 24 or _UUID.match(value) or not _KEY_MATERIAL.match(value):
        return False
    if _wordy_parts(value) is not None or any(w in _PLACEHOLDER_WORDS for w in value_words(value)):
        return False
    hexadecimal = all(c in "0123456789abcdefABCDEF" for c in value)
    return (hexadecimal and len(value) >= 32) or (char_classes(value) >= 3 and entropy(value) >= 4.0)


# The first word of an error code returned to a client: `incorrectEmailOrPassword`, `invalid_token`.
_ERROR_CODE_WORDS = frozenset({
    "incorrect", "invalid", "missing", "wrong", "bad", "empty", "unknown", "expired", "required", "weak",
    "mismatch", "mismatched", "error", "err", "failed", "no", "not", "too", "unauthorized", "forbidden",
})


def _wordy_secret(value: str, words: list[str], name_class: str) -> bool:
    """Words joined by separators are identifiers (`same-origin`, `Authorization`) unless they are the
    classic hand-typed secrets: `keyboard cat`, `super-secret-key`, `supersecretpassword`."""
    if any(w in _PLACEHOLDER_WORDS for w in words) or words[0] in _ERROR_CODE_WORDS:
        return False
    if name_class not in ("secret", "key", "password", "token"):
        return False
    if value.lower().startswith("x-"):
        return False  # a header name
    if " " in value:
        return name_class in ("secret", "key") and value == value.lower() and 2 <= len(words) <= 4
    has_secret_word = any(s in value.lower() for s in _SECRETISH_WORDS)
    if "." in value:
        return False  # dotted words are property keys and attribute names (`gen_ai.usage.tokens`)
    if value != value.lower():
        # `mySecretKey` is the classic hand-typed signing key; `NextToken` or `Authorization` are names.
        return value[0].islower() and len(words) >= 3 and has_secret_word and name_class in ("secret", "key", "password")
    if len(words) >= 3:
        return has_secret_word and len(value) >= 12
    if len(words) == 1:
        return has_secret_word and len(value) >= 10 and value not in _PLACEHOLDER_VALUES
    return False


# --------------------------------------------------------------------------- connection strings

# scheme://user:password@host, found from `://` (a literal the regex engine searches for quickly); the
# scheme is read backwards from there. User and password exclude the delimiters: no backtracking.
_URL_CREDENTIALS = re.compile(r"://([^\s:/?#@'\"`]{0,128}):([^\s/?@'\"`]{1,256})@([^\s/?#'\"`:@]{1,255})")
_EXAMPLE_HOST = re.compile(r"(?:^|\.)example\.(?:com|org|net)$|\.(?:example|invalid|test)$", re.IGNORECASE)
_SCHEME_REVERSED = re.compile(r"[A-Za-z0-9+.\-]{1,30}")
# Go's MySQL driver: user:password@tcp(host:port)/db, found from `@tcp(` and read backwards.
_GO_MYSQL = re.compile(r"@(?:tcp|unix)\(")
_GO_MYSQL_REVERSED = re.compile(r"([^\s@'\"`/:]{1,128}):([A-Za-z0-9_.\-]{1,64})")
_GO_USER_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:/")
# key=value DSNs: `host=db user=app password=...`, `Server=...;Password=...;`, JDBC `?password=`
_DSN_PASSWORD = re.compile(r"(?i)(?:^|[\s;?&])(?:password|pwd|passwd)\s{0,3}=\s{0,3}(?:\\?[\"'])?([^\s;&'\"`\\(\[]{1,128})")
_CODE_VALUE = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$")  # `process.env.X`, `settings.API_KEY`
_CODE_WORDS = frozenset({"new", "await", "None", "null", "nil", "true", "false", "True", "False", "undefined", "this", "self"})
_DSN_USER = re.compile(r"(?i)(?:^|[\s;?&\"'])(?:user|user ?id|uid|username)\s{0,3}=\s{0,3}([^\s;&'\"`\\]{1,128})")
_DSN_OTHER_KEY = re.compile(r"(?i)(?:^|[\s;?&])(?:host|server|user|user ?id|uid|username|dbname|database|data source|port|sslmode)\s{0,3}=")


@dataclass(frozen=True)
class Credential:
    start: int
    end: int
    password: str
    scheme: str


def connection_passwords(text: str) -> list[Credential]:
    """Passwords written into connection strings, with their offsets in `text`."""
    out: list[Credential] = []
    for match in _URL_CREDENTIALS.finditer(text):
        if _EXAMPLE_HOST.search(match.group(3)):
            continue  # documentation hosts (RFC 2606): examples, not credentials
        before = text[max(0, match.start() - 30) : match.start()][::-1]
        scheme = _SCHEME_REVERSED.match(before)
        if scheme is None:
            continue
        password, user = match.group(2), match.group(1)
        if connection_password_ok(password, user):
            out.append(Credential(match.start(2), match.end(2), password, scheme.group()[::-1].lower()))
    for match in _GO_MYSQL.finditer(text):
        before = text[max(0, match.start() - 200) : match.start()][::-1]
        found = _GO_MYSQL_REVERSED.match(before)
        if found is None:
            continue
        user_start = match.start() - found.end()
        if user_start and text[user_start - 1] in _GO_USER_BEFORE:
            continue
        password, user = found.group(1)[::-1], found.group(2)[::-1]
        if connection_password_ok(password, user):
            out.append(Credential(match.start() - len(password), match.start(), password, "mysql"))
    for match in _DSN_PASSWORD.finditer(text):
        password = match.group(1)
        # A DSN has other keys on the same line (`host=`, `User Id=`) or is a URL with a query string.
        line_start = text.rfind("\n", max(0, match.start() - 300), match.start()) + 1
        context = text[max(line_start, match.start() - 300) : match.start() + 1]
        if not (_DSN_OTHER_KEY.search(context) or "://" in context or "jdbc:" in context.lower()):
            continue
        if text[match.end(1) : match.end(1) + 1] in ("(", "[") or _CODE_VALUE.match(password) or password in _CODE_WORDS:
            continue  # code assigning a password variable, not a connection string
        user = _DSN_USER.search(text[max(line_start, match.start() - 300) : match.end() + 300])
        if connection_password_ok(password, user.group(1) if user else ""):
            out.append(Credential(match.start(1), match.end(1), password, "dsn"))
    return out


_DEFAULT_PASSWORDS = frozenset({"postgres", "root", "admin", "guest", "mysql", "redis", "rabbitmq", "minio", "sa", "test"})


def connection_password_ok(password: str, user: str) -> bool:
    """A real-looking password: not a template, placeholder, or the well-known `guest:guest` defaults."""
    if not password or is_placeholder(password) or _HASH_SHAPE.match(password):
        return False
    if password.lower() == user.lower() or password.lower() in _DEFAULT_PASSWORDS:
        return False  # a product's documented default (postgres/postgres, root:root, guest), not a secret
    if _ENV_NAME.match(password) or password.startswith(("%", "$", "{", "<", ":")):
        return False
    if any(w in _PLACEHOLDER_WORDS for w in value_words(password)) and entropy(password) < 4.2:
        return False
    return len(password) >= 3


# --------------------------------------------------------------------------- private keys

PEM_HEADER = re.compile(r"-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]{0,40}-----")
_ESCAPES = re.compile(r"\\[nrt]")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]+")


# Between the header and the key material: line breaks (real or escaped), quotes and `+` of
# concatenated literals. Encrypted keys add `Proc-Type:`/`DEK-Info:` lines, skipped in code.
_PEM_LEAD = re.compile(r"(?:[\s\"'`+,(]|\\[nrt])*")
_PEM_LINE = re.compile(r"[A-Za-z0-9+/=]{40}")


def pem_body_ok(after_header: str) -> bool:
    """Key material follows the PEM header (not `...`, code, or nothing: a header constant)."""
    window = after_header[:800]
    position = _PEM_LEAD.match(window).end()
    while window.startswith(("Proc-Type:", "DEK-Info:"), position):
        line_end = min(i for i in (window.find("\n", position), window.find("\\n", position), len(window)) if i >= 0)
        position = _PEM_LEAD.match(window, line_end).end()
    if _PEM_LINE.match(window, position) is None:
        return False
    boundary = window.find("-----")  # the footer, or another header: key material never has dashes
    if boundary >= 0:
        window = window[:boundary]
    window = _ESCAPES.sub(" ", window)
    material = _NOT_BASE64.sub("", window)
    return len(material) >= 64 and not _PLACEHOLDER_IN_TOKEN.search(window) and entropy(material) >= 4.0


def pem_kind(header_match: re.Match) -> str:
    algorithm = header_match.group(1).strip().lower()
    return f"{algorithm.replace(' ', '-')}-private-key" if algorithm else "private-key"


# --------------------------------------------------------------------------- scanning arbitrary text


@dataclass(frozen=True)
class SecretHit:
    """One secret in a text: code-point offsets of the secret value itself (not its quotes or name)."""

    start: int
    end: int
    kind: str  # provider kind ("aws-access-key", "github-token", ...), "connection-password", "private-key",
    # or the class of the name it was assigned to ("password", "secret", "token", "key", "credential", "auth")
    rule: str  # BL301 provider token, BL302 connection string, BL303 assigned to a secret-like name, BL304 key
    name: str = ""  # the secret-like name, for BL303 hits


# `name = "value"`, `"name": "value"`, `name: value`, `NAME=value`, `name := "value"`: found from the
# secret word, so the scan only does work near such words.
_ASSIGNMENT = re.compile(
    r"(?i)(?:passw(?:or)?d|passphrase|pwd|secret|token|key|auth|authorization|credentials?|creds)"
    r"[A-Za-z0-9_\-]{0,30}+[\"'\])]{0,3}\s{0,4}(?P<op>===|!==|==|!=|:=|=>|=|:|\|\||\?\?|\()\s{0,4}"
)
# What may sit between the operator and the quote: a type (`api_key: str = "..."`), a string prefix
# (`b"..."`), a conversion (`[]byte("...")`, `new String("...")`).
_BEFORE_VALUE = re.compile(
    r"(?:[A-Za-z_][A-Za-z0-9_.\[\]|, ]{0,40}=\s{0,4})?(?:\[\]byte\(|new String\(|[bBrRuU]{1,2}(?=[\"']))?"
)
_FRAGMENT_EDGES = frozenset("+[({,;)]}")
_SETTER_PREFIX = re.compile(r"^(?:set|with)_?(?=[A-Za-z])")
_NAME_BEFORE = re.compile(r"[A-Za-z0-9_.\-]{0,60}")  # matched on the reversed text before a secret word
_UNQUOTED = re.compile(r"[^\s\"'`,;(){}\[\]<>]{6,200}")
AWS_NEAR = 400  # characters around an access key id where a 40-character string is its secret


def find_secrets(text: str) -> list[SecretHit]:
    """Every secret in `text`, as non-overlapping hits sorted by start offset.

    Scans provider-shaped tokens, passwords in connection strings, PEM private key blocks, and
    literal values assigned to secret-like names. Offsets are code points into `text`.
    """
    hits: list[SecretHit] = []
    for start, end, kind in provider_matches(text):
        hits.append(SecretHit(start, end, kind, "BL301"))
    aws_ids = [h for h in hits if h.kind == "aws-access-key"]
    for credential in connection_passwords(text):
        hits.append(SecretHit(credential.start, credential.end, "connection-password", "BL302"))
    for match in PEM_HEADER.finditer(text):
        if not pem_body_ok(text[match.end() : match.end() + 800]):
            continue
        end_match = _PEM_END.search(text, match.end(), match.end() + 8000)
        if end_match is not None:
            end = end_match.end()
        else:  # no footer: the key material runs to the first blank line (or as far as we look)
            blank = text.find("\n\n", match.end(), match.end() + 8000)
            end = blank if blank >= 0 else min(len(text), match.end() + 8000)
        hits.append(SecretHit(match.start(), end, pem_kind(match), "BL304"))
    hits.extend(_assignment_hits(text, aws_ids))
    hits.extend(_sink_hits(text))
    return _without_overlaps(hits)


# Calls whose literal arguments are credentials whatever the variables are called.
_SECRET_SINK = re.compile(
    r"(?:\.login|SetBasicAuth|PlainAuth|HTTPBasicAuth|HTTPDigestAuth|PlainCredentials|PasswordAuthentication"
    r"|UsernamePasswordCredentials|getConnection|Sequelize|HMAC256|HMAC384|HMAC512|signWith|setSigningKey"
    r"|SignedString|hmac\.new|hmac\.New|jwt\.sign|jwt\.verify|jwt\.encode|jwt\.decode|hashpw|hashSync"
    r"|make_password|generate_password_hash|GenerateFromPassword|Credentials\.basic)\s{0,3}\("
)
_QUOTED = re.compile(r"[\"'`]([^\"'`\n]{1,200})[\"'`]")


def _sink_hits(text: str) -> list[SecretHit]:
    out: list[SecretHit] = []
    for call in _SECRET_SINK.finditer(text):
        name = call.group().rstrip("( ").rsplit(".", 1)[-1]
        position, limit = call.end(), min(len(text), call.end() + 400)
        while position < limit:
            literal = _QUOTED.search(text, position, limit)
            if literal is None or ")" in text[position : literal.start()]:
                break  # the argument list ended
            value = literal.group(1)
            if not _EMAIL.match(value) and looks_like_secret(value, "password"):
                out.append(SecretHit(literal.start(1), literal.end(1), "password", "BL303", name))
            position = literal.end()
    return out


def assigned_secrets(text: str) -> list[SecretHit]:
    """Only the `name = value` hits of `find_secrets` (BL303), for text already scanned for the rest."""
    return _assignment_hits(text, [])


def _assignment_hits(text: str, aws_ids: list[SecretHit]) -> list[SecretHit]:
    out: list[SecretHit] = []
    for match in _ASSIGNMENT.finditer(text):
        floor = max(0, match.start() - 60)
        name_start = match.start() - _NAME_BEFORE.match(text[floor : match.start()][::-1]).end()
        name_end = match.end()
        while name_end > match.start() and not (text[name_end - 1].isalnum() or text[name_end - 1] in "_-"):
            name_end -= 1
        name = text[name_start:name_end].lstrip(".-")
        name_class = secret_name_class(name)
        if name_class is None:
            continue
        value_start = match.end()
        op = match.group("op")
        if op == "(":
            name_class = secret_name_class(_SETTER_PREFIX.sub("", name))  # setPassword("..."), password("...")
            if name_class is None:
                continue
        prefix = _BEFORE_VALUE.match(text, value_start)
        if prefix is not None and prefix.end() > value_start and text[prefix.end() : prefix.end() + 1] in ("'", '"', "`"):
            value_start = prefix.end()
        quote = text[value_start : value_start + 1]
        if quote in ("'", '"', "`"):
            value_start += 1
            value_end = _closing_quote(text, value_start, quote)
            if value_end < 0 or text[value_start : value_start + 1] in _FRAGMENT_EDGES:
                continue  # no closing quote, or the text between two literals (`"a=" + b["c"]`)
            if text[value_end - 1 : value_end] in _FRAGMENT_EDGES:
                continue
            quoted = True
        elif op in (":", "=", ":=", "=>"):
            unquoted = _UNQUOTED.match(text, value_start)
            if unquoted is None:
                continue
            value_end = unquoted.end()
            quoted = False
            bare = unquoted.group()
            if _CODE_VALUE.match(bare) or bare in _CODE_WORDS or text[value_end : value_end + 1] in ("(", "["):
                continue  # code: an attribute chain, a call, a keyword
        else:
            continue
        value = text[value_start:value_end]
        kind = name_class
        if looks_like_aws_secret(value) and (
            name_class == "key" or any(abs(h.start - value_start) <= AWS_NEAR for h in aws_ids)
        ):
            kind = "aws-secret-key"
        elif not looks_like_secret(value, name_class):
            continue
        elif not quoted and not (any(c.isdigit() for c in value) or char_classes(value) >= 3):
            continue  # bare words after `name:` are usually code (`password: str`, `token: user.token`)
        scheme = _AUTH_SCHEME.match(value)
        if scheme:
            value_start += scheme.end()
        out.append(SecretHit(value_start, value_end, kind, "BL303", name))
    return out


def _closing_quote(text: str, start: int, quote: str) -> int:
    limit = min(len(text), start + 2000)
    position = start
    while position < limit:
        found = text.find(quote, position, limit)
        if found < 0:
            return -1
        newline = text.find("\n", position, found)
        if newline >= 0 and quote != "`":
            return -1
        if text[found - 1] != "\\":
            return found
        position = found + 1
    return -1


def _without_overlaps(hits: list[SecretHit]) -> list[SecretHit]:
    """Keep the earliest-rule hit where hits overlap (a provider token beats the name it is assigned to)."""
    kept_starts: list[int] = []
    kept: list[SecretHit] = []
    for hit in sorted(hits, key=lambda h: (h.rule, h.start)):
        # Kept hits never overlap, so their starts and ends are both sorted: check the two neighbours.
        index = bisect_left(kept_starts, hit.start)
        if index < len(kept) and kept[index].start < hit.end:
            continue
        if index > 0 and kept[index - 1].end > hit.start:
            continue
        kept_starts.insert(index, hit.start)
        kept.insert(index, hit)
    return kept
