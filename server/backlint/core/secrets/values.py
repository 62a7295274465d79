"""Value judgement: entropy and masking, placeholders and references, and whether a literal given to
a secret-like name holds a real-looking secret (`looks_like_secret`)."""

from __future__ import annotations

import base64
import binascii
import itertools
import math
import re
from collections import Counter
from functools import lru_cache

from .names import _ACRONYM, _HUMP, _NOT_ALNUM, name_words

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
        (value.upper() != value) + (value.lower() != value) + (_DIGIT.search(value) is not None) + (not value.isalnum())
    )


_DIGIT = re.compile(r"\d")


def mask(value: str) -> str:
    """A secret as it may be shown: at most 4 leading characters (fewer for short values) and the length."""
    shown = 4 if len(value) >= 16 else len(value) // 4
    return f"{value[:shown]}…({len(value)} chars)"


# --------------------------------------------------------------------------- placeholders and references

_PLACEHOLDER_VALUES = frozenset(
    {
        "password", "passwd", "pass", "pwd", "secret", "secretkey", "secrettoken", "token", "apikey", "apitoken",
        "accesstoken", "authtoken", "key", "changeme", "changeit", "test", "testing", "admin", "root", "user",
        "username", "guest", "default", "example", "sample", "none", "null", "nil", "undefined", "empty",
        "string", "str", "value", "todo", "foo", "bar", "foobar", "qwerty", "123456", "1234567", "12345678",
        "123456789", "1234567890", "000000", "00000000", "abcdef", "abcdefgh", "bearer", "basic", "required",
        "include", "omit", "hidden", "secure", "insecure",
    }
)  # fmt: skip
_PLACEHOLDER_WORDS = frozenset(
    {
        "your", "yours", "change", "changeme", "changeit", "replace", "placeholder", "example", "sample",
        "dummy", "fake", "mock", "test", "testing", "todo", "fixme", "tbd", "redacted", "insert", "here",
        "foo", "bar", "baz", "foobar", "lorem", "ipsum", "none", "null", "undefined", "nil", "dev",
        "development", "local", "localhost", "default", "xxx", "xxxx", "enter", "put", "set", "update",
        "insecure", "unsafe",
    }
)  # fmt: skip
# Placeholder text inside a token or key block: `sk_live_<your key>`, `ghp_xxxx...`.
_PLACEHOLDER_IN_TOKEN = re.compile(r"(?i)your|here|replace|insert|placeholder|redacted|xxxx|\*\*\*|\.\.\.|<|>")
_TEMPLATE = re.compile(
    r"^\{[A-Za-z][\w .:-]{0,40}\}$"  # a naming token: `{Series Title}`, `{season:00}`
    r"|\$\{|\{\{|\$\(|#\{|%\(|%[sdr]|\{[A-Za-z0-9_.]{0,40}\}|^\$[A-Za-z_]|^@[A-Za-z_]+@$|^__[A-Z_]+__$"
)
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
# How a made-up value describes the secret it stands for: `a-secret-key`, `the_api_token`.
_DESCRIBING_WORDS = frozenset({"a", "an", "the", "some", "any", "your"})
_SECRET_NOUNS = frozenset({"password", "passwd", "pass", "pwd", "secret", "key", "token", "passphrase"})
# Public identifiers that sit under key-like names: GitHub OAuth app client ids.
_PUBLIC_IDS = re.compile(r"^Iv1\.[0-9a-f]{16}$|^Iv23[A-Za-z0-9]{16}$")


def counts_up(text: str) -> bool:
    """Whether most of the text is typed-in sequences (`1234567890abcdefghij`): random text has few
    runs of characters that count up."""
    counted, run = 0, 1
    for previous, current in itertools.pairwise(text):
        same_kind = previous.isdigit() == current.isdigit() and previous.islower() == current.islower()
        if same_kind and ord(current) == ord(previous) + 1:
            run += 1
            continue
        counted += run if run >= 4 else 0
        run = 1
    counted += run if run >= 4 else 0
    return len(text) >= 8 and counted * 2 >= len(text)


def is_placeholder(value: str) -> bool:
    """Values that stand in for a secret: `changeme`, `<YOUR_KEY>`, `${VAR}`, `xxx`, `****`, empty..."""
    stripped = value.strip()
    if not stripped:
        return True
    compact = _NOT_ALNUM.sub("", stripped).lower()
    if not compact or compact in _PLACEHOLDER_VALUES:
        return True
    words = _SEPARATORS.split(stripped.lower())
    if len(words) > 1 and all(word in _PLACEHOLDER_VALUES for word in words):
        return True  # nothing but the names of things: `root_pwd`, `admin-password`, `test.secret`
    spelled = value_words(stripped)
    if (
        len(spelled) >= 2
        and spelled[0].lower() in _DESCRIBING_WORDS
        and spelled[-1].lower() in _SECRET_NOUNS
        and entropy(stripped) < 4.2
    ):
        return True  # a value describing itself: `a-secret-key`, `@someStrongPassword`
    letters = "".join(c for c in compact if c.isalpha())
    made_up = letters.startswith(_PLACEHOLDER_AFFIXES) or letters.endswith(_PLACEHOLDER_AFFIXES)
    if made_up and entropy(stripped) < 4.2:
        return True
    if _PUBLIC_IDS.match(stripped) or _TEMPLATE.search(stripped) or _MASKED.search(stripped):
        return True
    if len(stripped) >= 20 and " " not in stripped and counts_up(stripped):
        return True  # an alphabet: `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef...0123456789+/` (an app password has spaces)
    return len(set(stripped)) <= 2


def is_word_slug(value: str) -> bool:
    """Only words and separators (`my-pictrs-key`, `listmonk`): typed by a person as a name, not drawn at random."""
    return _wordy_parts(value.strip()) is not None


def _wordy_parts(value: str) -> list[str] | None:
    """The words of a value made only of words and separators (`same-origin`, `NextToken`), else None."""
    if not value or len(value) > 80:
        return None
    parts = [p for p in _SEPARATORS.split(value) if p]
    if not parts:
        return None
    words: list[str] = []
    for index, part in enumerate(parts):
        if index and len(part) <= 2 and part.isdigit():
            continue  # a numbered variant of a word: `variable-2`, `string-3` (a highlighter's token types)
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
# CSS attribute selectors naming an element: `[data-controller=search-token]`, `[name="csrf-token"]`.
_ATTRIBUTE_SELECTOR = re.compile(r"^\[[a-z][a-z0-9_-]*(?:[~|^$*]?=[\"']?[A-Za-z0-9_. -]*[\"']?)?\]$")


def is_reference(value: str) -> bool:
    """Values that name a secret rather than hold one: URLs, paths, env var names, property keys,
    cache keys, emails."""
    if _URL.match(value) or _PATH.match(value) or _FILE_EXT.search(value) or _EMAIL.match(value):
        return True
    if _COLON_KEY.match(value) or _ATTRIBUTE_SELECTOR.match(value):
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
        if scheme.group(0).strip().lower() == "basic" and _basic_without_password(v):
            return False  # `Basic YnJvd3Nlcjo=` is `browser:`: a public client id with no secret
    if _VALIDATION_RULES.match(v) and any(rule in _VALIDATION_WORDS for rule in _rule_names(v)):
        return False  # `required|confirmed|min:16`: the rules a password field is validated by
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


def _basic_without_password(credentials: str) -> bool:
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    _user, colon, password = decoded.partition(":")
    return bool(colon) and not password


# Validation rules in Laravel's pipe syntax (and validators modelled on it): `required|min:8|confirmed`.
_VALIDATION_RULES = re.compile(r"^[a-z_]+(?::[^|\s]*)?(?:\|[a-z_]+(?::[^|\s]*)?)+$")
_VALIDATION_WORDS = frozenset({
    "required", "nullable", "sometimes", "confirmed", "string", "min", "max", "between", "size", "email",
    "regex", "same", "different", "alpha_num", "alpha_dash", "present", "filled", "current_password", "password",
    "numeric", "integer", "boolean", "array", "in", "not_in", "exists", "unique", "bail", "trim",
})  # fmt: skip


def _rule_names(rules: str) -> list[str]:
    return [rule.split(":", 1)[0] for rule in rules.split("|")]


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
})  # fmt: skip


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
        return (
            value[0].islower() and len(words) >= 3 and has_secret_word and name_class in ("secret", "key", "password")
        )
    if len(words) >= 3:
        return has_secret_word and len(value) >= 12
    if len(words) == 1:
        return has_secret_word and len(value) >= 10 and value not in _PLACEHOLDER_VALUES
    return False


# --------------------------------------------------------------------------- values given to signing keys and labels


def signing_passphrase(value: str) -> bool:
    """A passphrase assigned to a signing key: long enough to be meant, not a placeholder or a reference."""
    v = value.strip()
    return (
        12 <= len(v) <= 200
        and not is_placeholder(v)
        and not is_reference(v)
        and not _HASH_SHAPE.match(v)
        and (len(set(v.lower()) - set(" ")) >= 6)
    )


def restates_name(value: str, name: str) -> bool:
    """The value is the name written out (`signing_secret: "Signing Secret"`): a label, not a secret."""
    value_words_ = [w.lower() for w in re.findall(r"[A-Za-z]+", value)]
    named = [w.lower() for w in name_words(name)]
    if len(value_words_) >= 2 and value_words_ == named:
        return True
    # A prefixed field id: `accessKey: "advAccessKey"` in a form's field map.
    words = _identifier_words(value)
    return len(named) >= 2 and words is not None and len(words) > len(named) and words[-len(named) :] == named


# First words of names that name an option, argument or stored field rather than hold its value:
# `OPTION_PASSWORD = "send-mail-password"`, `EXTRA_TOKEN = "auth_token"`, Android's `KEY_PASSWORD`.
_FIELD_NAME_PREFIXES = frozenset({
    "option", "opt", "arg", "argument", "extra", "param", "parameter", "field", "column", "col", "pref",
    "preference", "attr", "attribute", "claim", "header", "label", "input", "key", "prop", "property", "flag",
    "feature", "bundle", "intent", "route", "query", "form",
})  # fmt: skip
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9]*(?:[-_.:/][A-Za-z0-9]+)*$")
_IDENTIFIER_SEPARATORS = re.compile(r"[-_.:/]")
_WORD_RUN = re.compile(r"[a-z]{4}")


def _identifier_words(value: str) -> list[str] | None:
    """The words of an identifier-shaped value (`send-mail-password`, `inputServerPassword`,
    `s3_password`): words of letters and short tags (`s3`, `b64`, `42`); None for anything else."""
    if len(value) > 80 or not _IDENTIFIER.match(value):
        return None
    words = [w for part in _IDENTIFIER_SEPARATORS.split(value) if part for w in name_words(part)]
    tags = [w for w in words if not w.isalpha() and not w.isdigit()]
    # Random text splits into many short humps (`9xT2bQ7m` -> 9x, t2b, q7m): one tag at most, short
    # (`s3`, `b64`) or holding a word (`k9mail`).
    if not words or len(tags) > 1 or sum(len(w) == 1 for w in words) > 1:
        return None
    if tags and len(tags[0]) > 3 and not _WORD_RUN.search(tags[0]):
        return None
    return words


def names_a_field(value: str, name: str) -> bool:
    """The value is the name of a field, option or key, not its content: the name itself
    (`ForgotPassword = "forgotpassword"`), words taken from the name (`SERVER_SSL_CERTIFICATEPASSWORD =
    "server-ssl-certificate-password"`), or an identifier under an option's name (`OPTION_PASSWORD =
    "send-xmpp-password"`)."""
    words = _identifier_words(value)
    if words is None:
        return False
    named = name_words(name)
    if "".join(words) == "".join(named):
        return True
    long = [w for w in words if len(w) >= 3 and w.isalpha()]
    if long and all(any(w in n for n in named) for w in long):
        return True
    if len(words) >= 2 and all(w.isalpha() for w in words) and named[-2:] in _LOOKUP_KEY_NAMES:
        return True  # `SETUP_SECRET_SESSION_KEY = 'mfa-setup-totp-secret'`: where the session keeps it
    return len(words) >= 2 and len(named) >= 2 and named[0] in _FIELD_NAME_PREFIXES


# Names of the key something is stored under, when the value is a slug of words.
_LOOKUP_KEY_NAMES = (["session", "key"], ["storage", "key"], ["cache", "key"], ["cookie", "key"], ["flash", "key"])


def reads_as_label(value: str) -> bool:
    """Words for people: `Chave Secreta`, `Signing Secret`, a sentence in any script."""
    words = value.split()
    if any(ord(c) > 127 and c.isalpha() for c in value):
        return True
    return len(words) >= 2 and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in words)


# --------------------------------------------------------------------------- values in configuration files

# Default credentials services ship with: in a configuration file under a password key they are the
# credential the service runs with, not a stand-in for one.
_DEFAULT_CREDENTIALS = frozenset(
    {"123456", "1234567", "12345678", "123456789", "1234567890", "000000", "admin", "root", "guest", "qwerty",
     "passw0rd", "admin123", "root123", "postgres", "mysql", "minioadmin", "rabbitmq", "redis", "sa"}
)  # fmt: skip
_CONFIG_LITERALS = frozenset(
    {"true", "false", "yes", "no", "on", "off", "null", "none", "nil", "~", "undefined", "required", "optional"}
)
# Secret-store and encrypted references: `ENC(...)` (jasypt), `vault:`, `op://` (1Password), `sops`.
_CONFIG_REFERENCE = re.compile(r"(?i)^(?:ENC\(|vault:|op://|awssm:|gcpsm:|azkv:|ref\+|sops:|!Ref\b|!Sub\b)")


# Instructions standing in for a value: `changethis`, `change-me-in-production`, `replace_me`.
_CONFIG_PLACEHOLDER = re.compile(r"(?i)^(?:change|replace|fill|set)[-_ .]?(?:me|this|it|in|here|later)(?![a-z])")
# Letters around the word itself (`mypassword`, `myrootpassword`, `db_password`): the name of a
# password written where one goes, as in documentation; `password123` or `Passw0rd!` are real ones.
_SPELLED_PASSWORD = re.compile(r"^[a-z]*(?:password|passwd)[a-z]*$")
# Versions and version ranges (`^9.0.2`, `~1.4`, `>=2.0.0-rc.1`): a dependency, not a credential.
_VERSION = re.compile(r"^(?:[~^]|[<>]=?|=)?\s*v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:[-+][0-9A-Za-z.\-]+)?$")
_PROSE_PUNCTUATION = str.maketrans("", "", ".,;:!?'\u2019\"()")


def _prose(value: str) -> bool:
    """Words for people (`Contrasenya actual`, `Enter your password`): every blank-separated part is a
    word of letters only. A passphrase with digits or symbols is not prose."""
    parts = value.split()
    return len(parts) >= 2 and all(part.translate(_PROSE_PUNCTUATION).isalpha() for part in parts)


def config_credential(value: str, name_class: str, strict: bool = False) -> bool:
    """A value under a secret-like key in a configuration file that is the credential itself: not a
    reference (`${DB_PASSWORD}`, a path, a URL, `ENC(...)`), not a placeholder, not a label. Weaker than
    `looks_like_secret`: a committed `password: 123456` is exactly what leaks. `strict` for names that
    only may mean a password (`current_pass: free`, a subscription pass): a default credential or a
    value that looks like a secret."""
    stripped = value.strip()
    if len(stripped) < 3 or len(stripped) > 400 or stripped.lower() in _CONFIG_LITERALS:
        return False
    if _CONFIG_REFERENCE.match(stripped) or _TEMPLATE.search(stripped) or _MASKED.search(stripped):
        return False
    if is_reference(stripped) or _HASH_SHAPE.match(stripped) or reads_as_label(stripped):
        return False
    if _VERSION.match(stripped) or _prose(stripped):
        return False
    compact = _NOT_ALNUM.sub("", stripped).lower()
    if compact in _DEFAULT_CREDENTIALS:
        return name_class == "password" or compact.startswith("minio")
    if is_placeholder(stripped) or _CONFIG_PLACEHOLDER.match(stripped) or _SPELLED_PASSWORD.search(compact):
        return False
    if strict:
        return looks_like_secret(stripped, name_class)
    if name_class == "password":
        return True
    if stripped.isdigit():
        return False  # `secret: 3600`, `key: 42`: a number, not a credential
    # Keys, secrets and tokens: one word (`secret`) or a slug of words reads as a name, not a value.
    # (`mySecret`, `super-secret-key` are hand-typed secrets, as in code).
    words = _wordy_parts(stripped)
    return words is None or _wordy_secret(stripped, words, name_class)
