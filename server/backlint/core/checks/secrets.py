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
from .base import FileContext, MatchContext, check
from .config_keys import (
    ci_or_dev_container,
    config_env_name,
    documentation_value,
    reads_env_references,
    test_configuration,
)

_DYNAMIC_PARTS = frozenset({"interpolation", "template_substitution"})
_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})
_COMMAND_TYPES = frozenset({"shell_fragment"})  # Dockerfile RUN text
_STRING_TYPES = frozenset(
    {"string", "template_string", "interpreted_string_literal", "raw_string_literal", "string_literal"}
)
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
}
_SETTER_PREFIX = re.compile(r"^(?:set|with)(?=[A-Z])")
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


# --------------------------------------------------------------------------- literals


# The value nodes of configuration grammars that carry their quotes differently: HCL's quote nodes
# are named, a heredoc opens and closes with its identifier, a .env (bash) single-quoted string and
# TOML's triple-quoted strings have no quote nodes at both ends.
_OPENING = frozenset({"string_start", "quoted_template_start"})
_CLOSING = frozenset({"string_end", "quoted_template_end"})
_TRIPLE_QUOTES = frozenset({'"""', "'''"})


def literal_range(node: tree_sitter.Node) -> tuple[int, int]:
    """Byte range of a string literal's content, without prefix and quotes (`f"`, `'''`, backticks)."""
    if node.child_count >= 2:
        first, last = node.children[0], node.children[-1]
        opens = not first.is_named or first.type in _OPENING
        closes = not last.is_named or last.type in _CLOSING
        if opens and closes:
            return first.end_byte, last.start_byte
        if node.type == "heredoc_template":  # HCL: <<EOT ... EOT
            marks = [c for c in node.children if c.type == "heredoc_identifier"]
            if len(marks) == 2:
                return marks[0].end_byte, marks[1].start_byte
    elif node.type == "raw_string" and node.end_byte - node.start_byte >= 2:
        return node.start_byte + 1, node.end_byte - 1
    elif node.child_count == 1 and node.children[0].type in _TRIPLE_QUOTES and node.end_byte - node.start_byte >= 6:
        return node.start_byte + 3, node.end_byte - 3
    return node.start_byte, node.end_byte


def is_docstring(node: tree_sitter.Node) -> bool:
    """A Python string standing alone as a statement: a docstring, whose URLs and `name=value` text are
    documentation examples."""
    return node.type == "string" and node.parent is not None and node.parent.type == "expression_statement"


def is_dynamic(node: tree_sitter.Node) -> bool:
    """f-strings and template literals with substitutions are built at run time, not hardcoded."""
    return any(child.type in _DYNAMIC_PARTS for child in node.children)


def literal_text(file: FileContext, node: tree_sitter.Node) -> str:
    start, end = literal_range(node)
    return file.data[start:end].decode("utf-8", "replace")


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


def _lower_in_tests(match: MatchContext) -> None:
    if match.file.role == "test":
        match.lower_confidence()


# --------------------------------------------------------------------------- names for the fix

_WRAPPERS = frozenset({"expression_list", "literal_element", "parenthesized_expression", "type_conversion_expression"})


def assigned_name(file: FileContext, node: tree_sitter.Node) -> str | None:
    """The variable, key, field or keyword a literal is the value of, if any (for the env var name)."""
    if not languages.LANGUAGES[file.language].code:
        # A configuration value is named by its key path (`datasource.url` -> DATASOURCE_URL).
        return config_env_name(file, node)
    child = node
    parent = node.parent
    while parent is not None and parent.type in _WRAPPERS:
        child, parent = parent, parent.parent
    if parent is None:
        return None
    kind = parent.type
    target: tree_sitter.Node | None = None
    if kind in ("assignment", "assignment_expression", "assignment_statement", "short_var_declaration"):
        if parent.child_by_field_name("right") == child:
            target = parent.child_by_field_name("left")
    elif kind in (
        "keyword_argument",
        "default_parameter",
        "typed_default_parameter",
        "variable_declarator",
        "var_spec",
        "const_spec",
        "public_field_definition",
        "required_parameter",
        "optional_parameter",
    ):
        if parent.child_by_field_name("value") == child:
            target = parent.child_by_field_name("name") or parent.child_by_field_name("pattern")
    elif kind == "field_definition" and parent.child_by_field_name("value") == child:
        target = parent.child_by_field_name("property")
    elif kind in ("pair", "keyed_element") and parent.child_by_field_name("value") == child:
        target = parent.child_by_field_name("key")
    if target is None:
        return None
    text = file.text(target)
    if target.type in _STRING_TYPES or target.type == "literal_element":
        text = text.strip("\"'`")
    # `self.api_key`, `config["SECRET_KEY"]`, `a, b`: the last identifier-like part names it.
    parts = re.findall(r"[A-Za-z_][A-Za-z0-9_\-.]*", text)
    return parts[-1].split(".")[-1] if parts else None


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
    if kind == "jwt" and file.role == "test":
        return False  # a signed test claim, not a credential: tests keep only live provider keys
    token = file.data[token_start:token_end].decode("utf-8", "replace")
    if kind == "jwt" and not languages.LANGUAGES[file.language].code and secrets.jwt_expired(token):
        return False  # a session token saved in an API collection or a config sample, long expired
    match.finding = file.lines.span(token_start, token_end)
    match.message_args.update({"kind": _KIND_LABELS.get(kind, kind), "masked": secrets.mask(token)})
    provider = secrets.PROVIDER_BY_KIND.get(kind)
    if provider is not None and provider.low_confidence:
        match.lower_confidence()
    _lower_in_tests(match)
    name = assigned_name(file, node)
    default_name = provider.env_name if provider else "AWS_SECRET_ACCESS_KEY"
    whole = (token_start, token_end) == (start, end) and node.type not in _COMMENT_TYPES
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
    content = literal_text(match.file, node)
    if len(content) > 4096 or ("@" not in content and "=" not in content):
        return False
    if node.type in _COMMENT_TYPES and "://" not in content and "@tcp(" not in content:
        return False  # in a comment only URL-shaped credentials count; `password=` in prose is not a DSN
    credentials = secrets.connection_passwords(content)
    if not credentials:
        return False
    credential = credentials[0]
    if node.type in _COMMAND_TYPES:
        # A command line (a Dockerfile RUN) is reported at the password, not as a whole.
        start = literal_range(node)[0] + len(content[: credential.start].encode("utf-8"))
        match.finding = match.file.lines.span(start, start + len(credential.password.encode("utf-8")))
    match.message_args.update({"masked": secrets.mask(credential.password), "scheme": credential.scheme})
    _lower_in_tests(match)
    name = assigned_name(match.file, node)
    url_like = (
        name and len(secrets.name_words(name)) > 1 and name.lower().endswith(("url", "uri", "dsn", "string", "conn"))
    )
    if not name or (secrets.secret_name_class(name) is None and not url_like):
        name = _URL_NAMES.get(
            credential.scheme, "DATABASE_URL" if credential.scheme in _DATABASE_SCHEMES else "CONNECTION_URL"
        )
    _fix_data(match, node, name, whole=not is_dynamic(node) and node.type not in _COMMENT_TYPES)
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
    if node.type in _COMMENT_TYPES:
        # Commented-out code still holds the secret; prose about one does not.
        return _COMMENTED_OUT_ASSIGNMENT.match(match.text(node)) is not None and _secret_in_text(match, node)
    if match.node("_embedded") is not None:
        return not is_docstring(node) and _secret_in_text(match, node)
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
    if name_class in ("secret", "key") and _overridden_dev_settings(file.path):
        return False  # Django's dev SECRET_KEY in settings/base.py, replaced by settings/production.py
    if _in_placeholder_collection(file, node):
        return False
    implied = match.node("_implied")
    shown = f"{match.text(implied)}(…)" if implied is not None and match.node("_encoder") is None else name
    if match.node("_encoder") is not None:
        shown = f"{match.text(match.node('_encoder'))}.encode(…)"
    match.message_args.update({"name": shown, "masked": secrets.mask(value.strip())})
    _lower_in_tests(match)
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
})  # fmt: skip
_DECLARATIONS = frozenset({"variable_declarator", "assignment", "assignment_expression", "const_spec", "var_spec",
                           "short_var_declaration", "field_declaration", "public_field_definition"})  # fmt: skip


def _in_placeholder_collection(file: FileContext, node: tree_sitter.Node) -> bool:
    current = node.parent
    crossed = False
    while current is not None and current.type in _COLLECTIONS | {
        "as_expression",
        "satisfies_expression",
        "parenthesized_expression",
    }:
        crossed = crossed or current.type in _COLLECTIONS - {"pair", "keyed_element", "literal_element"}
        current = current.parent
    if not crossed or current is None or current.type not in _DECLARATIONS:
        return False
    target = current.child_by_field_name("name") or current.child_by_field_name("left") or current.named_children[0]
    return _PLACEHOLDER_COLLECTION.search(file.text(target)) is not None


_COMMENTED_OUT_ASSIGNMENT = re.compile(
    r"^\s*(?:#|//|/\*|\*)\s*(?:(?:export|const|let|var|private|public|static|final|String)\s+)*[\w.\[\]\"']+\s*(?::=|=|:)\s*[\"'`]"
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
    if name_node is None or name_node.type in _STRING_TYPES or name_node.type == "literal_element":
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
    if node.type not in _COMMENT_TYPES and b"\n" not in raw and b"\\n" not in raw:
        return False  # a one-line literal is a value; the name patterns judge those
    text = raw.decode("utf-8", "replace")
    if _hits_within(file, start, end) or secrets.connection_passwords(text):
        return False  # BL301 and BL302 report these more precisely
    hits = secrets.assigned_secrets(text)
    if not hits:
        return False
    hit = hits[0]
    value = text[hit.start : hit.end]
    offset = start + len(text[: hit.start].encode("utf-8"))
    match.finding = file.lines.span(offset, offset + len(value.encode("utf-8")))
    match.message_args.update({"name": hit.name, "masked": secrets.mask(value)})
    _lower_in_tests(match)
    match.fix_data.update(
        {"env_name": secrets.env_name(hit.name), "literal": [node.start_byte, node.end_byte], "whole_literal": False}
    )
    return True


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
        stripped = _SETTER_PREFIX.sub("", text)
        if stripped == text and text[:1].isupper():
            return None
        if stripped == text and secrets.secret_name_class(text) is None:
            return None
        return stripped
    node = match.node("_name")
    if node is None:
        return None
    if node.type in _STRING_TYPES:
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
    _lower_in_tests(match)
    name = assigned_name(file, outer)
    _fix_data(
        match, outer, name if name and secrets.is_secret_name(name) else "private_key", whole=not is_dynamic(node)
    )
    return True


# The joints between literals: a quote, `+` or `,` (array items), the next quote. A `+` inside the
# key material is base64 and stays.
_LITERAL_JOINT = re.compile(r"[\"'`]\s*[+,]?\s*[\"'`]|[\"'`]\s*[+,]|[+,]\s*[\"'`]|[\"'`]")


def _literal_parts_only(text: str) -> str:
    """Key material spread over concatenated literals, without the quotes and `+` between them."""
    return _LITERAL_JOINT.sub(" ", text)


def _concatenation_root(node: tree_sitter.Node) -> tree_sitter.Node:
    """A key split over lines (`"..." "..."` in Python, `"..." + "..."` elsewhere) as one expression."""
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type == "concatenated_string" or (parent.type == "binary_expression" and _all_string_leaves(parent)):
            current = parent
        elif parent.type in ("array", "list") and all(
            c.type in _STRING_TYPES for c in parent.named_children if c.type != "comment"
        ):
            current = parent  # ['-----BEGIN PRIVATE KEY-----', 'MIIE...', ...].join('\n')
        else:
            break
    return current


def _all_string_leaves(node: tree_sitter.Node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "binary_expression":
            operator = current.child_by_field_name("operator")
            if operator is None or operator.type != "+":
                return False
            stack.extend(c for c in (current.child_by_field_name("left"), current.child_by_field_name("right")) if c)
        elif current.type == "parenthesized_expression":
            stack.extend(current.named_children)
        elif current.type not in _STRING_TYPES or is_dynamic(current):
            return False
    return True


__all__ = ["IMPLIED_NAMES", "assigned_name", "is_dynamic", "literal_range", "literal_text"]
