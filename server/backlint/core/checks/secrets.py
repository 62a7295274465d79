"""Checks for the secrets family.

The queries find string literals (every literal for provider tokens, connection strings and private
keys; literals assigned or passed to a name for hardcoded secrets). These checks decide, with the
detector in `core.secrets`, whether the literal holds a secret, and fill the masked value, the
environment variable name and the literal's range for the `secret-to-env` fix. A secret's value
never leaves this module unmasked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path, PurePath

import tree_sitter

from .. import languages, secrets
from ..model import Related
from . import compose_services
from .base import FileContext, MatchContext, check
from .config_keys import (
    ci_or_dev_container,
    documentation_value,
    reads_env_references,
    test_configuration,
)
from .secret_literals import (
    COMMENT_TYPES,
    STRING_TYPES,
    assigned_name,
    detector_sample,
    documentation_heredoc,
    in_rust_tests,
    is_docstring,
    is_dynamic,
    literal_range,
    literal_text,
)

_COMMAND_TYPES = frozenset({"shell_fragment"})  # Dockerfile RUN text
# Functions whose argument is a secret whatever the variable is called.
IMPLIED_NAMES = {
    "auth": "password",
    "HTTPBasicAuth": "password",
    "HTTPDigestAuth": "password",
    "BasicAuth": "password",
    "PlainCredentials": "password",
    "UsernamePasswordCredentials": "password",
    "PasswordAuthentication": "password",
    "basic": "password",
    "Sequelize": "db_password",
    "login": "password",
    "SetBasicAuth": "password",
    "PlainAuth": "smtp_password",
    "getConnection": "db_password",
    "encode": "jwt_secret",
    "decode": "jwt_secret",
    "sign": "jwt_secret",
    "verify": "jwt_secret",
    "SignedString": "jwt_secret",
    "HMAC256": "jwt_secret",
    "HMAC384": "jwt_secret",
    "HMAC512": "jwt_secret",
    "signWith": "jwt_secret",
    "setSigningKey": "jwt_secret",
    "hmacShaKeyFor": "jwt_secret",
    "New": "hmac_key",
    "new": "encryption_key",
    "Fernet": "fernet_key",
    "NewCipher": "encryption_key",
    "SecretKeySpec": "encryption_key",
    "createHmac": "hmac_secret",
    "createCipheriv": "encryption_key",
    "createDecipheriv": "encryption_key",
    "make_password": "password",
    "generate_password_hash": "password",
    "hashpw": "password",
    "hash_password": "password",
    "set_password": "password",
    "hash": "password",
    "hashSync": "password",
    "GenerateFromPassword": "password",
    # PHP
    "PDO": "db_password",
    "mysqli": "db_password",
    "mysqli_connect": "db_password",
    "withBasicAuth": "password",
    "withDigestAuth": "password",
    "password_hash": "password",
    "bcrypt": "password",
    "make": "password",  # Hash::make
    "hash_hmac": "hmac_secret",
    "openssl_encrypt": "encryption_key",
    "openssl_decrypt": "encryption_key",
    # C#
    "NetworkCredential": "password",
    "SymmetricSecurityKey": "jwt_secret",
    "HMACSHA256": "hmac_key",
    "HMACSHA384": "hmac_key",
    "HMACSHA512": "hmac_key",
    "AuthenticationHeaderValue": "auth_token",
    "CreateAsync": "password",  # userManager.CreateAsync(user, "…")
    "AddPasswordAsync": "password",
    "HashPassword": "password",
    # Ruby
    "basic_auth": "password",
    "hexdigest": "hmac_key",  # OpenSSL::HMAC.hexdigest("SHA256", "…", data)
    "digest": "hmac_key",
    "create": "password",  # BCrypt::Password.create("…")
    # Kotlin
    "basicAuth": "password",
    # Rust
    "bearer_auth": "auth_token",
    "from_secret": "jwt_secret",  # jsonwebtoken EncodingKey::from_secret(b"…")
    "from_base64_secret": "jwt_secret",
    "new_from_slice": "hmac_key",  # Hmac::<Sha256>::new_from_slice(b"…")
}
_SETTER_PREFIX = re.compile(r"^(?:[sS]et|[wW]ith)(?=[A-Z])")  # setApiKey, C# SetApiKey
_KIND_LABELS = {
    "aws-access-key": "AWS access key id",
    "aws-secret-key": "AWS secret access key",
    "github-token": "GitHub token",
    "gitlab-token": "GitLab token",
    "slack-token": "Slack token",
    "slack-webhook": "Slack webhook URL",
    "stripe-secret-key": "Stripe secret key",
    "stripe-test-key": "Stripe test-mode key",
    "stripe-webhook-secret": "Stripe webhook secret",
    "google-api-key": "Google API key",
    "anthropic-api-key": "Anthropic API key",
    "openai-api-key": "OpenAI API key",
    "jwt": "JSON Web Token",
    "sendgrid-api-key": "SendGrid API key",
    "twilio-api-key": "Twilio API key",
    "npm-token": "npm token",
    "pypi-token": "PyPI token",
    "mailgun-api-key": "Mailgun API key",
    "shopify-token": "Shopify token",
    "digitalocean-token": "DigitalOcean token",
    "huggingface-token": "Hugging Face token",
    "django-secret-key": "Django SECRET_KEY",
    "azure-storage-key": "Azure storage account key",
}


def _provider_hits(file: FileContext) -> list[tuple[int, int, str]]:
    hits = file.cache.get("secrets.providers")
    if hits is None:
        hits = secrets.provider_matches_bytes(file.data)
        file.cache["secrets.providers"] = hits
    return hits


def _hits_within(file: FileContext, start: int, end: int) -> list[tuple[int, int, str]]:
    hits = _provider_hits(file)
    index = bisect_left(hits, (start, -1, ""))
    out = []
    while index < len(hits) and hits[index][0] < end:
        if hits[index][1] <= end:
            out.append(hits[index])
        index += 1
    return out


def aws_id_near(file: FileContext, start: int) -> bool:
    near = secrets.AWS_NEAR
    return any(kind == "aws-access-key" for _, _, kind in _hits_within(file, max(0, start - near), start + near))


def _lower_in_tests(match: MatchContext, node: tree_sitter.Node) -> None:
    if match.file.role == "test" or in_rust_tests(match.file, node):
        match.lower_confidence()


def _fix_data(match: MatchContext, node: tree_sitter.Node, name: str | None, whole: bool) -> None:
    if whole and not languages.LANGUAGES[match.file.language].code:
        # A configuration file gets `${NAME}` only where its own tool reads the environment.
        whole = reads_env_references(match.file.path)
    match.fix_data.update(
        {
            "env_name": secrets.env_name(name) if name else "",
            "literal": [node.start_byte, node.end_byte],
            "whole_literal": whole,
        }
    )


# --------------------------------------------------------------------------- BL301


@check("secret_provider_token")
def secret_provider_token(match: MatchContext) -> bool:
    """The literal contains a provider-shaped token (or an AWS secret key beside its key id)."""
    node = match.node("finding")
    if node is None:
        return False
    file = match.file
    start, end = literal_range(node)
    hits = _hits_within(file, start, end)
    if hits:
        token_start, token_end, kind = hits[0]
    else:
        content = file.data[start:end].decode("utf-8", "replace")
        if not (secrets.looks_like_aws_secret(content) and aws_id_near(file, start)):
            return False
        token_start, token_end, kind = start, end, "aws-secret-key"
    if kind == "jwt" and (file.role == "test" or in_rust_tests(file, node)):
        return False  # a signed test claim, not a credential: tests keep only live provider keys
    if kind == "jwt" and _LICENCE_WORDS.intersection(secrets.name_words(assigned_name(file, node) or "")):
        return False  # a vendor-signed licence key: it unlocks a product's features, not an account
    token = file.data[token_start:token_end].decode("utf-8", "replace")
    if detector_sample(file, node, token):
        return False  # a sample kept beside the pattern that detects it: a secret scanner's own table
    if (
        kind == "jwt"
        and (not languages.LANGUAGES[file.language].code or node.type in COMMENT_TYPES)
        and secrets.jwt_expired(token)
    ):
        return False  # a session token saved in an API collection, a config sample or commented-out code, expired
    match.finding = file.lines.span(token_start, token_end)
    match.message_args.update({"kind": _KIND_LABELS.get(kind, kind), "masked": secrets.mask(token)})
    provider = secrets.PROVIDER_BY_KIND.get(kind)
    if provider is not None and provider.low_confidence:
        match.lower_confidence()
    _lower_in_tests(match, node)
    name = assigned_name(file, node)
    default_name = provider.env_name if provider else "AWS_SECRET_ACCESS_KEY"
    whole = (token_start, token_end) == (start, end) and node.type not in COMMENT_TYPES
    _fix_data(match, node, name if name and secrets.is_secret_name(name) else None, whole=whole)
    if not match.fix_data["env_name"]:
        match.fix_data["env_name"] = default_name
    return True


# --------------------------------------------------------------------------- BL302


@check("secret_connection_string")
def secret_connection_string(match: MatchContext) -> bool:
    """The literal is a connection string with a real-looking password in it."""
    node = match.node("finding")
    if node is None:
        return False
    if is_docstring(node):
        return False
    if not languages.LANGUAGES[match.file.language].code and (
        ci_or_dev_container(match.file.path)
        or test_configuration(match.file.path)
        or documentation_value(match.file, node)
    ):
        return False  # a CI pipeline's throwaway database, a schema's description: no credential
    if documentation_heredoc(match.file, node) or in_rust_tests(match.file, node):
        return False  # an example in help text; `#[cfg(test)]` code, where this rule is off as in test files
    content = literal_text(match.file, node)
    if len(content) > 4096 or ("@" not in content and "=" not in content):
        return False
    if node.type in COMMENT_TYPES and "://" not in content and "@tcp(" not in content:
        return False  # in a comment only URL-shaped credentials count; `password=` in prose is not a DSN
    credentials = secrets.connection_passwords(content)
    if not credentials:
        return False
    credential = credentials[0]
    if not languages.LANGUAGES[match.file.language].code and compose_services.local_container(
        match.file, credential.host
    ):
        return False  # the password of a container the project's local compose set-up starts
    if node.type in _COMMAND_TYPES:
        # A command line (a Dockerfile RUN) is reported at the password, not as a whole.
        start = literal_range(node)[0] + len(content[: credential.start].encode("utf-8"))
        match.finding = match.file.lines.span(start, start + len(credential.password.encode("utf-8")))
    match.message_args.update({"masked": secrets.mask(credential.password), "scheme": credential.scheme})
    _lower_in_tests(match, node)
    name = assigned_name(match.file, node)
    url_like = (
        name and len(secrets.name_words(name)) > 1 and name.lower().endswith(("url", "uri", "dsn", "string", "conn"))
    )
    if not name or (secrets.secret_name_class(name) is None and not url_like):
        name = _URL_NAMES.get(
            credential.scheme, "DATABASE_URL" if credential.scheme in _DATABASE_SCHEMES else "CONNECTION_URL"
        )
    _fix_data(match, node, name, whole=not is_dynamic(node) and node.type not in COMMENT_TYPES)
    return True


_URL_NAMES = {"redis": "REDIS_URL", "rediss": "REDIS_URL", "amqp": "AMQP_URL", "amqps": "AMQP_URL"}
_DATABASE_SCHEMES = frozenset(
    {"postgres", "postgresql", "postgresql+psycopg2", "postgresql+asyncpg", "mysql", "mysql+pymysql", "mariadb",
     "mongodb", "mongodb+srv", "redis", "rediss", "mssql", "sqlserver", "oracle", "dsn", "jdbc:postgresql",
     "jdbc:mysql", "cockroachdb", "clickhouse"}
)  # fmt: skip


# --------------------------------------------------------------------------- BL303


@check("secret_assigned_literal")
def secret_assigned_literal(match: MatchContext) -> bool:
    """A literal assigned or passed to a secret-like name holds a real-looking, non-placeholder secret."""
    node = match.node("finding")
    if node is None:
        return False
    if node.type in COMMENT_TYPES:
        # Commented-out code still holds the secret; prose about one does not.
        return _COMMENTED_OUT_ASSIGNMENT.match(match.text(node)) is not None and _secret_in_text(match, node)
    if in_rust_tests(match.file, node):
        return False  # `#[cfg(test)]` code: this rule is off in tests
    if match.node("_embedded") is not None:
        return not is_docstring(node) and not documentation_heredoc(match.file, node) and _secret_in_text(match, node)
    if is_dynamic(node):
        return False
    file = match.file
    name = _secret_name(match)
    if not name:
        return False
    name_class = secrets.secret_name_class(name)
    if name_class is None:
        return False
    start, end = literal_range(node)
    if end - start > 10_000:
        return False
    value = file.data[start:end].decode("utf-8", "replace")
    # Values another rule of the family reports more precisely.
    if _hits_within(file, start, end) or secrets.connection_passwords(value) or secrets.PEM_HEADER.search(value):
        return False
    if secrets.looks_like_aws_secret(value) and aws_id_near(file, start):
        return False
    if not secrets.looks_like_secret(value, name_class) and not (
        secrets.is_signing_key_name(name) and secrets.signing_passphrase(value)
    ):
        return False
    if secrets.restates_name(value, name) or secrets.reads_as_label(value) or in_translation_folder(file.path):
        return False  # `signing_secret: "Signing Secret"`, `"Chave Secreta"`: labels in a translation table
    if secrets.names_a_field(value, name):
        return False  # `OPTION_PASSWORD = "send-mail-password"`: the name of a field, not its value
    if name_class in ("secret", "key") and _overridden_dev_settings(file.path):
        return False  # Django's dev SECRET_KEY in settings/base.py, replaced by settings/production.py
    if _in_placeholder_collection(file, node):
        return False
    implied = match.node("_implied")
    shown = f"{match.text(implied)}(…)" if implied is not None and match.node("_encoder") is None else name
    if match.node("_encoder") is not None:
        shown = f"{match.text(match.node('_encoder'))}.encode(…)"
    match.message_args.update({"name": shown, "masked": secrets.mask(value.strip())})
    _lower_in_tests(match, node)
    _fix_data(match, node, name, whole=True)
    _relate_uses(match)
    return True


# A table of known placeholder values, kept so that production can refuse them (`PLACEHOLDER_SECRETS`,
# `INSECURE_DEFAULTS`, `FORBIDDEN_PASSWORDS`): the values are there to be rejected, not used.
_PLACEHOLDER_COLLECTION = re.compile(
    r"(?i)placeholder|example|insecure|forbidden|blocklist|denylist|blacklist|weak|dummy|sample|known_?bad|disallowed|rejected"
)
_COLLECTIONS = frozenset({
    "object", "dictionary", "array", "list", "set", "tuple", "pair", "composite_literal", "literal_value",
    "keyed_element", "literal_element", "array_initializer", "expression_list",
    "array_creation_expression", "array_element_initializer", "hash", "initializer_expression",
    "collection_expression", "array_expression",
})  # fmt: skip
_ENTRIES = frozenset({"pair", "keyed_element", "literal_element", "array_element_initializer"})
_DECLARATIONS = frozenset({"variable_declarator", "assignment", "assignment_expression", "const_spec", "var_spec",
                           "short_var_declaration", "field_declaration", "public_field_definition",
                           "property_declaration", "property_element", "const_element", "operator_assignment",
                           "let_declaration", "const_item", "static_item"})  # fmt: skip


def _in_placeholder_collection(file: FileContext, node: tree_sitter.Node) -> bool:
    current = node.parent
    crossed = False
    while current is not None and current.type in _COLLECTIONS | {
        "as_expression",
        "satisfies_expression",
        "parenthesized_expression",
    }:
        crossed = crossed or current.type in _COLLECTIONS - _ENTRIES
        current = current.parent
    if not crossed or current is None or current.type not in _DECLARATIONS:
        return False
    target = current.child_by_field_name("name") or current.child_by_field_name("left") or current.named_children[0]
    return _PLACEHOLDER_COLLECTION.search(file.text(target)) is not None


# `KEY = "…"`, `$this->password = '…'`, `'password' => '…'`, `@token = "…"`, `const val KEY = "…"`,
# `const KEY: &str = "…"`.
_COMMENTED_OUT_ASSIGNMENT = re.compile(
    r"^\s*(?:#|//|/\*|\*)\s*(?:(?:export|const|let|var|val|mut|pub|private|public|protected|internal|static"
    r"|final|readonly|String|string)\s+)*[$@]?[\w.\[\]\"'$>\-]+\s*(?::=|=>|=|:|:\s*[&'\w<>\[\], ]{1,40}?\s*=)\s*[\"'`]"
)

_TRANSLATION_FOLDERS = frozenset({"i18n", "l10n", "locales", "locale", "lang", "langs", "translations"})
_DEV_SETTINGS = re.compile(r"(?:^|/)settings/(?:base|dev|development|local|defaults?|common)\.py$")


def in_translation_folder(path: str) -> bool:
    return any(part.lower() in _TRANSLATION_FOLDERS for part in PurePath(path).parts[:-1])


def _overridden_dev_settings(path: str) -> bool:
    """A settings package's base or dev module when a production module sits beside it."""
    posix = PurePath(path).as_posix()
    if not _DEV_SETTINGS.search(posix):
        return False
    folder = Path(path).parent
    return any((folder / name).is_file() for name in ("production.py", "prod.py"))


_MAX_RELATED = 5


def _relate_uses(match: MatchContext) -> None:
    """Where the variable holding the secret is used: what the editor shows as related information."""
    name_node = match.node("_name")
    if name_node is None or name_node.type in STRING_TYPES or name_node.type == "literal_element":
        return
    name = match.file.text(name_node)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{1,80}", name):
        return
    data = match.file.data
    pattern = re.compile(rb"(?<![A-Za-z0-9_$])" + re.escape(name.encode()) + rb"(?![A-Za-z0-9_$])")
    for found in pattern.finditer(data):
        if found.start() == name_node.start_byte:
            continue
        match.related.append(_use_related(match, found.start(), found.end(), name))
        if len(match.related) >= _MAX_RELATED:
            break


def _use_related(match: MatchContext, start: int, end: int, name: str) -> Related:
    return Related(match.file.lines.span(start, end), f"`{name}` (the hardcoded secret) is used here")


def _secret_in_text(match: MatchContext, node: tree_sitter.Node) -> bool:
    """`name = value` written inside a comment or a multi-line literal (YAML, .env or INI text)."""
    file = match.file
    start, end = literal_range(node)
    if end - start > 20_000:
        return False
    raw = file.data[start:end]
    if node.type not in COMMENT_TYPES and b"\n" not in raw and b"\\n" not in raw:
        return False  # a one-line literal is a value; the name patterns judge those
    text = raw.decode("utf-8", "replace")
    if _hits_within(file, start, end) or secrets.connection_passwords(text):
        return False  # BL301 and BL302 report these more precisely
    # A bare `key` in a URL's query string is a public widget or maps key, not key material.
    hits = [h for h in secrets.assigned_secrets(text) if not (h.name == "key" and _in_query(text, h.start))]
    if not hits:
        return False
    hit = hits[0]
    value = text[hit.start : hit.end]
    offset = start + len(text[: hit.start].encode("utf-8"))
    match.finding = file.lines.span(offset, offset + len(value.encode("utf-8")))
    match.message_args.update({"name": hit.name, "masked": secrets.mask(value)})
    _lower_in_tests(match, node)
    match.fix_data.update(
        {"env_name": secrets.env_name(hit.name), "literal": [node.start_byte, node.end_byte], "whole_literal": False}
    )
    return True


_PREDICATE_VERBS = frozenset({"can", "is", "has", "should", "may", "needs", "allows"})


def _in_query(text: str, value_start: int) -> bool:
    return re.search(r"[?&]key\s*=\s*$", text[max(0, value_start - 20) : value_start]) is not None


def _secret_name(match: MatchContext) -> str | None:
    implied = match.node("_implied")
    if implied is not None:
        if match.node("_encoder") is not None:
            return "password"  # passwordEncoder.encode("...")
        if match.text(implied) == "new" and match.text(match.node("_module")) == "hmac":
            return "hmac_key"
        return IMPLIED_NAMES.get(match.text(implied))
    setter = match.node("_setter")
    if setter is not None:
        text = match.text(setter)
        if secrets.name_words(text)[:1] and secrets.name_words(text)[0] in _PREDICATE_VERBS:
            return None  # `can_manage_pass('edd_passhandler-delete')`: a question about a pass, no setter
        stripped = _SETTER_PREFIX.sub("", text)
        if stripped == text and text[:1].isupper():
            return None
        if stripped == text and secrets.secret_name_class(text) is None:
            return None
        return stripped
    node = match.node("_name")
    if node is None:
        return None
    if node.type in STRING_TYPES:
        return literal_text(match.file, node)
    return match.text(node)


# --------------------------------------------------------------------------- BL304


@check("secret_private_key")
def secret_private_key(match: MatchContext) -> bool:
    """The literal holds the start of a PEM private key block followed by real key material."""
    node = match.node("finding")
    if node is None:
        return False
    file = match.file
    start, end = literal_range(node)
    head = file.data[start : min(end, start + 4096)].decode("utf-8", "replace")
    header = secrets.PEM_HEADER.search(head)
    if header is None:
        return False
    # Key material follows in the same literal or in the literals concatenated with it, nowhere else.
    outer = _concatenation_root(node)
    after_start = start + len(head[: header.end()].encode("utf-8"))
    after = file.data[after_start : min(outer.end_byte, after_start + 2400)].decode("utf-8", "replace")
    if not secrets.pem_body_ok(_literal_parts_only(after)):
        return False
    algorithm = header.group(1).strip()
    match.message_args.update({"kind": f"{algorithm} private key" if algorithm else "private key"})
    _lower_in_tests(match, node)
    name = assigned_name(file, outer)
    words = set(secrets.name_words(name)) if name else set()
    if words & _NAMED_MADE_UP:
        return False  # `TEST_FAKE_RSA_KEY_7`, `DUMMY_KEY`: a key pair made for test data, as its name says
    if "test" in words or "testing" in words:
        match.lower_confidence()
    _fix_data(
        match, outer, name if name and secrets.is_secret_name(name) else "private_key", whole=not is_dynamic(node)
    )
    return True


_LICENCE_WORDS = frozenset({"license", "licence", "licensekey"})
_NAMED_MADE_UP = frozenset({"fake", "dummy", "example", "sample", "mock"})

# The joints between literals: a quote, `+`, `.` (PHP), `\` (Ruby's line continuation) or `,` (array
# items), the next quote. A `+` inside the key material is base64 and stays.
_LITERAL_JOINT = re.compile(r"[\"'`]\s*[+,.\\]?\s*[\"'`]|[\"'`]\s*[+,.\\]|[+,.]\s*[\"'`]|[\"'`]")


def _literal_parts_only(text: str) -> str:
    """Key material spread over concatenated literals, without the quotes and `+` between them."""
    return _LITERAL_JOINT.sub(" ", text)


def _concatenation_root(node: tree_sitter.Node) -> tree_sitter.Node:
    """A key split over lines (`"..." "..."` in Python, `"..." + "..."` elsewhere) as one expression."""
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type in _ADJACENT_LITERALS or (parent.type in _BINARY and _all_string_leaves(parent)):
            current = parent
        elif parent.type in ("array", "list") and all(
            c.type in STRING_TYPES for c in parent.named_children if c.type != "comment"
        ):
            current = parent  # ['-----BEGIN PRIVATE KEY-----', 'MIIE...', ...].join('\n')
        else:
            break
    return current


_ADJACENT_LITERALS = frozenset({"concatenated_string", "chained_string"})  # Python, Ruby `"…" "…"`
_BINARY = frozenset({"binary_expression", "binary"})
_JOINS = frozenset({"+", "."})  # PHP joins strings with `.`


def _all_string_leaves(node: tree_sitter.Node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in _BINARY:
            operator = current.child_by_field_name("operator")
            if operator is None or operator.type not in _JOINS:
                return False
            stack.extend(c for c in (current.child_by_field_name("left"), current.child_by_field_name("right")) if c)
        elif current.type == "parenthesized_expression":
            stack.extend(current.named_children)
        elif current.type not in STRING_TYPES or is_dynamic(current):
            return False
    return True


__all__ = ["IMPLIED_NAMES", "assigned_name", "is_dynamic", "literal_range", "literal_text"]
