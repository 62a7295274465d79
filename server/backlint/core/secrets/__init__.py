"""The secret detector: provider-shaped tokens, credentials in connection strings, PEM private keys,
and values assigned to secret-like names.

Pure stdlib. The rules of the secrets family use the predicates here on the literals their queries
find; `find_secrets` scans arbitrary text (used to redact code before it leaves the machine).
Every pattern has bounded repetition and no nested quantifier, so a 1 MB single line scans in
linear time.

One module per concept, all of it importable from here (`secrets.find_secrets`):

    providers     provider token shapes, one scan over `str` or UTF-8 `bytes`
    names         which names hold secrets (`secret_name_class`), environment variable names
    values        entropy, masking, placeholders, references, `looks_like_secret`
    connections   passwords in connection strings
    pem           PEM private key blocks
    scan          `find_secrets` / `assigned_secrets` over arbitrary text

Imports run one way: values reads names; providers, connections and pem read values; scan reads
them all.
"""

from __future__ import annotations

from .connections import Credential, connection_password_ok, connection_passwords
from .names import (
    AUTH_WORDS,
    CREDENTIAL_WORDS,
    KEY_NOT_SECRET,
    KEY_QUALIFIERS,
    NOT_SECRET_QUALIFIERS,
    PASSWORD_WORDS,
    SECRET_WORDS,
    TOKEN_NOT_SECRET,
    TRANSPARENT_TRAILERS,
    env_name,
    is_secret_name,
    is_signing_key_name,
    name_words,
    secret_name_class,
)
from .pem import PEM_HEADER, pem_body_ok, pem_kind
from .providers import (
    AWS_DOCUMENTATION_KEYS,
    AWS_SECRET_SHAPE,
    PROVIDER_BY_KIND,
    PROVIDERS,
    TOKEN_CHARS,
    Provider,
    jwt_expired,
    looks_like_aws_secret,
    provider_matches,
    provider_matches_bytes,
    provider_token_ok,
)
from .scan import AWS_NEAR, SecretHit, assigned_secrets, find_secrets
from .values import (
    char_classes,
    config_credential,
    entropy,
    is_placeholder,
    is_reference,
    is_word_slug,
    looks_like_secret,
    mask,
    names_a_field,
    reads_as_label,
    restates_name,
    signing_passphrase,
    value_words,
)

__all__ = [
    "AUTH_WORDS",
    "AWS_DOCUMENTATION_KEYS",
    "AWS_NEAR",
    "AWS_SECRET_SHAPE",
    "CREDENTIAL_WORDS",
    "KEY_NOT_SECRET",
    "KEY_QUALIFIERS",
    "NOT_SECRET_QUALIFIERS",
    "PASSWORD_WORDS",
    "PEM_HEADER",
    "PROVIDERS",
    "PROVIDER_BY_KIND",
    "SECRET_WORDS",
    "TOKEN_CHARS",
    "TOKEN_NOT_SECRET",
    "TRANSPARENT_TRAILERS",
    "Credential",
    "Provider",
    "SecretHit",
    "assigned_secrets",
    "char_classes",
    "config_credential",
    "connection_password_ok",
    "connection_passwords",
    "entropy",
    "env_name",
    "find_secrets",
    "is_placeholder",
    "is_reference",
    "is_secret_name",
    "is_signing_key_name",
    "is_word_slug",
    "jwt_expired",
    "looks_like_aws_secret",
    "looks_like_secret",
    "mask",
    "name_words",
    "names_a_field",
    "pem_body_ok",
    "pem_kind",
    "provider_matches",
    "provider_matches_bytes",
    "provider_token_ok",
    "reads_as_label",
    "restates_name",
    "secret_name_class",
    "signing_passphrase",
    "value_words",
]
