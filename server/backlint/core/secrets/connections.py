"""Credentials written into connection strings: `scheme://user:password@host`, Go's MySQL
`user:password@tcp(host)`, and key=value DSNs (`host=db user=app password=...`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import _ENV_NAME, _HASH_SHAPE, _PLACEHOLDER_WORDS, _SPELLED_PASSWORD, entropy, is_placeholder, value_words

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
_DSN_PASSWORD = re.compile(
    r"(?i)(?:^|[\s;?&])(?:password|pwd|passwd)\s{0,3}=\s{0,3}(?:\\?[\"'])?([^\s;&'\"`\\(\[]{1,128})"
)
_CODE_VALUE = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$")  # `process.env.X`, `settings.API_KEY`
_CODE_WORDS = frozenset(
    {"new", "await", "None", "null", "nil", "true", "false", "True", "False", "undefined", "this", "self"}
)
_DSN_USER = re.compile(r"(?i)(?:^|[\s;?&\"'])(?:user|user ?id|uid|username)\s{0,3}=\s{0,3}([^\s;&'\"`\\]{1,128})")
_DSN_OTHER_KEY = re.compile(
    r"(?i)(?:^|[\s;?&])(?:host|server|user|user ?id|uid|username|dbname|database|data source|port|sslmode)\s{0,3}="
)


@dataclass(frozen=True)
class Credential:
    start: int
    end: int
    password: str
    scheme: str
    host: str = ""  # where it connects, without the port ("" when the text does not say)


_DSN_HOST = re.compile(
    r"(?i)(?:^|[\s;?&\"'])(?:host|server|data source|address|addr)\s{0,3}=\s{0,3}(?:tcp:)?([^\s;&'\"`\\,]{1,255})"
)


def _without_port(host: str) -> str:
    return host.rsplit(":", 1)[0].strip("[]").lower() if host.count(":") == 1 else host.strip("[]").lower()


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
            host = _without_port(match.group(3))
            out.append(Credential(match.start(2), match.end(2), password, scheme.group()[::-1].lower(), host))
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
            address = text[match.end() : text.find(")", match.end(), match.end() + 260)]
            out.append(
                Credential(match.start() - len(password), match.start(), password, "mysql", _without_port(address))
            )
    for match in _DSN_PASSWORD.finditer(text):
        password = match.group(1)
        # A DSN has other keys on the same line (`host=`, `User Id=`) or is a URL with a query string.
        line_start = text.rfind("\n", max(0, match.start() - 300), match.start()) + 1
        context = text[max(line_start, match.start() - 300) : match.start() + 1]
        if not (_DSN_OTHER_KEY.search(context) or "://" in context or "jdbc:" in context.lower()):
            continue
        if (
            text[match.end(1) : match.end(1) + 1] in ("(", "[")
            or _CODE_VALUE.match(password)
            or password in _CODE_WORDS
        ):
            continue  # code assigning a password variable, not a connection string
        user = _DSN_USER.search(text[max(line_start, match.start() - 300) : match.end() + 300])
        if connection_password_ok(password, user.group(1) if user else ""):
            server = _DSN_HOST.search(text[max(line_start, match.start() - 300) : match.end() + 300])
            host = _without_port(server.group(1)) if server else ""
            out.append(Credential(match.start(1), match.end(1), password, "dsn", host))
    return out


_DEFAULT_PASSWORDS = frozenset(
    {"postgres", "root", "admin", "guest", "mysql", "redis", "rabbitmq", "minio", "sa", "test"}
)


def connection_password_ok(password: str, user: str) -> bool:
    """A real-looking password: not a template, placeholder, or the well-known `guest:guest` defaults."""
    if not password or is_placeholder(password) or _HASH_SHAPE.match(password):
        return False
    if password.lower() == user.lower() or password.lower() in _DEFAULT_PASSWORDS:
        return False  # a product's documented default (postgres/postgres, root:root, guest), not a secret
    if _ENV_NAME.match(password) or password.startswith(("%", "$", "{", "<", ":")):
        return False
    if _SPELLED_PASSWORD.match(password):
        return False  # `password=eclairpassword`, `mypassword`: the word written where one goes, as in docs
    if any(w in _PLACEHOLDER_WORDS for w in value_words(password)) and entropy(password) < 4.2:
        return False
    return len(password) >= 3
