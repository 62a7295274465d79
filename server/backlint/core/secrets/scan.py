"""Scanning arbitrary text for secrets (`find_secrets`, used to redact code before it leaves the
machine): provider tokens, connection strings, private keys, and literals assigned or passed to
secret-like names."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .connections import _CODE_VALUE, _CODE_WORDS, connection_passwords
from .names import secret_name_class
from .pem import pem_blocks
from .providers import looks_like_aws_secret, provider_matches
from .values import _AUTH_SCHEME, _EMAIL, char_classes, looks_like_secret


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
# What may sit between the operator and the quote: a type (`api_key: str = "..."`, Rust's
# `KEY: &'static str = "..."`), a string prefix (`b"..."`), a conversion (`[]byte("...")`, `new String("...")`).
_BEFORE_VALUE = re.compile(
    r"(?:&?(?:'[a-z]{1,20} )?[A-Za-z_][A-Za-z0-9_.\[\]|, ]{0,40}=\s{0,4})?"
    r"(?:\[\]byte\(|new String\(|[bBrRuU]{1,2}(?=[\"']))?"
)
_FRAGMENT_EDGES = frozenset("+[({,;)]}")
_SETTER_PREFIX = re.compile(r"^(?:set|with)_?(?=[A-Za-z])")
_NAME_BEFORE = re.compile(r"[A-Za-z0-9_.\-]{0,60}")  # matched on the reversed text before a secret word
_BIND_PARAMETER = re.compile(r"^[@:][A-Za-z_][A-Za-z0-9_]*$")
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
    for start, end, kind in pem_blocks(text):
        hits.append(SecretHit(start, end, kind, "BL304"))
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
        name_before = _NAME_BEFORE.match(text[floor : match.start()][::-1])  # never None: it may be empty
        name_start = match.start() - (name_before.end() if name_before is not None else 0)
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
        if (
            prefix is not None
            and prefix.end() > value_start
            and text[prefix.end() : prefix.end() + 1] in ("'", '"', "`")
        ):
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
            if _BIND_PARAMETER.match(bare):
                continue  # SQL text: `SET account_key = @accountKey`, `password = :password`
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
