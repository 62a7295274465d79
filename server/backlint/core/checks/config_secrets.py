"""Secrets in configuration files (YAML, JSON, .env, Terraform, Dockerfile, TOML, .properties): BL305.

The queries capture a value and its key; this check reads the key path from the enclosing mappings
(`spring.datasource.password`), decides with the detector whether the value is the credential itself
(`core.secrets.config_credential`) and fills the message with the key path and the masked value.
Values another rule of the family reports more precisely (provider tokens, connection strings,
private keys) are left to it, where it sees them too. Example files (`.env.example`,
`application.sample.yml`) hold placeholders by intent and are skipped, as are translation tables and
message bundles, test, CI and local-development configuration, stock credentials (`root`, `123456`)
for a service the same group of settings places on `localhost`, and mappings whose keys are not
settings (dependencies, interface texts). Two shapes carry their key or value differently: a Compose
`environment:` list item (`- POSTGRES_PASSWORD=secret`) names its key in its text, and a Kubernetes
Secret's `data:` values are base64, read decoded. How each grammar holds keys and values is in
`config_keys`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath

import tree_sitter

from .. import secrets
from . import compose_services
from .base import FileContext, MatchContext, check
from .config_keys import (
    KEY_FIELDS,
    ci_or_dev_container,
    env_name_for,
    key_node,
    key_parts,
    key_path,
    key_text,
    reader_entry,
    reads_env_references,
    test_configuration,
    value_range,
)
from .secrets import aws_id_near, in_translation_folder

# Example and template files: their values are placeholders by intent.
_EXAMPLE_FILE = re.compile(r"(?i)(?:^|[._-])(?:example|sample|template|tmpl|tpl|dist|default|defaults)(?:[._-]|$)")
_MAX_VALUE_BYTES = 2_000


# Mappings whose keys are not settings: package names with their versions (`"jsonwebtoken": "^9.0.2"`)
# and the texts of a user interface (`label.password: Contrasenya`, `errors.wrong-password`).
_NOT_SETTINGS = re.compile(
    r"(?i)^(?:(?:dev|peer|optional|bundled?|build|test)[-_]?)?dependencies$|^(?:resolutions|overrides|require"
    r"|require-dev|labels?|messages?|placeholders?|hints?|titles?|texts?|tooltips?|errors?|prompts?|strings"
    r"|translations?|i18n|descriptions?|help|x-examples?|examples?)$"  # examples: an API description's samples
)
# Translation tables: `ca-ES.json`, `pt_BR.yml`, and the `intl/` or `Localization/` folders their
# projects keep them in (besides the i18n, locales... folders every secrets rule knows).
_MORE_TRANSLATION_FOLDERS = frozenset(
    {"intl", "translation", "localization", "localizations", "localisation", "localisations"}
)
_LOCALE_FILE = re.compile(r"^[a-z]{2,3}[-_](?:[A-Z]{2}|[A-Z][a-z]{3})\.(?:json|ya?ml|toml|properties)$")
# Java resource bundles: `messages.properties`, `ValidationMessages_de.properties`, `message_zh_CN.properties`
# (a locale is a two-letter language: `application_dev.properties` is no bundle).
_BUNDLE_FILE = re.compile(
    r"(?i:^(?:messages?|validationmessages|labels?|strings)(?:_\w+)?\.properties$)"
    r"|^\w+_[a-z]{2}(?:_(?:[A-Z]{2}|[A-Z][a-z]{3}|\d{3}))?\.properties$"
)


def _not_settings(path: list[str]) -> bool:
    return any(_NOT_SETTINGS.match(part) for part in path[:-1])


def _translation_table(path: str) -> bool:
    posix = PurePath(path)
    return (
        in_translation_folder(path)
        or any(part.lower() in _MORE_TRANSLATION_FOLDERS for part in posix.parts[:-1])
        or _LOCALE_FILE.match(posix.name) is not None
        or _BUNDLE_FILE.match(posix.name) is not None
    )


def _decoded(file: FileContext, value: str) -> str:
    """A JSON string as its reader sees it (`\\u0421\\u0435...` is Cyrillic text, not a password)."""
    if file.language != "json" or "\\" not in value:
        return value
    try:
        decoded = json.loads(f'"{value}"')
    except ValueError:
        return value
    return decoded if isinstance(decoded, str) else value


# A top-level section for the test environment (Rails' `test:` in database.yml): a throwaway database.
_TEST_SECTIONS = frozenset({"test", "testing", "tests"})


def _test_section(path: list[str]) -> bool:
    return len(path) >= 2 and path[0].lower() in _TEST_SECTIONS


# Abbreviations that only may mean a password: `current_pass: free` (a subscription pass), `PW: Palau`.
_AMBIGUOUS_WORDS = frozenset({"pass", "pw"})
# An example user in the same record (`"email": "dspaggles@example.com"`): documentation, not a setting.
_EXAMPLE_EMAIL = re.compile(rb"@example\.(?:com|org|net)\b", re.IGNORECASE)


def _ambiguous_name(leaf: str) -> bool:
    words = secrets.name_words(leaf)
    return bool(words) and words[-1] in _AMBIGUOUS_WORDS


def _siblings(node: tree_sitter.Node) -> tuple[tree_sitter.Node | None, list[tree_sitter.Node]]:
    """The keyed node holding a value, and the keyed nodes beside it (its mapping's other entries)."""
    pair = node.parent
    while pair is not None and pair.type not in KEY_FIELDS:
        pair = pair.parent
    if pair is None or pair.parent is None:
        return pair, []
    return pair, [child for child in pair.parent.named_children if child.type == pair.type and child != pair]


def _public_half(file: FileContext, node: tree_sitter.Node, leaf: str, name_class: str) -> bool:
    """`OAUTH_APP_KEY` beside `OAUTH_APP_SECRET`, `consumer_key` beside `consumer_secret`: the key is
    the pair's public identifier, as an access key id is. Beside means in the same mapping, or under
    the same dotted prefix (`oss.app-key` and `oss.app-secret` in a .properties file)."""
    words = secrets.name_words(leaf)
    if name_class != "key" or not words or words[-1] != "key":
        return False
    secret = [*words[:-1], "secret"]
    pair, siblings = _siblings(node)
    prefix = key_parts(file, pair)[:-1] if pair is not None else []
    for sibling in siblings:
        parts = key_parts(file, sibling)
        if parts and parts[:-1] == prefix and secrets.name_words(parts[-1]) == secret:
            return True
    return False


# A setting that says where a service is, and an address on the developer's own machine.
_LOCATOR_WORDS = frozenset({"url", "uri", "host", "hostname", "endpoint", "address", "addresses", "server", "dsn"})
_LOCAL_ADDRESS = re.compile(r"(?i)(?<![\w.-])(?:localhost|127\.0\.0\.1|\[?::1\]?)(?![\w.-])")
# A database inside the application's own process or files (H2, HSQLDB, Derby, SQLite): no network
# service answers to its password.
_EMBEDDED_DATABASE = re.compile(r"(?i)\b(?:jdbc|r2dbc):(?:h2:(?!tcp:|ssl:)|hsqldb:(?:mem|file):|derby:|sqlite:)")


def _local_development(file: FileContext, node: tree_sitter.Node, value: str, leaf: str, name_class: str) -> bool:
    """A made-up or stock credential (`root`, `123456`, `minioadmin`: nothing shaped like a secret) for a
    service that the same group of settings places on the developer's machine (`url:
    jdbc:mysql://localhost:3306/mall` beside `password: root`, `jdbc.connectionURL` beside
    `jdbc.password`, `DB_HOST=localhost` beside `DB_PASSWORD`): local development configuration. A
    secret-shaped value there is still reported."""
    if secrets.looks_like_secret(value, name_class):
        return False
    pair, siblings = _siblings(node)
    prefix = key_parts(file, pair)[:-1] if pair is not None else []
    own_words = secrets.name_words(leaf)
    for sibling in siblings:
        parts = key_parts(file, sibling)
        if not parts or parts[:-1] != prefix:
            continue
        words = secrets.name_words(parts[-1])
        if not words or words[-1] not in _LOCATOR_WORDS:
            continue
        # A flat name (`MYSQL_HOST`, `DB_PASSWORD`) groups by its first word; a nested one by its mapping.
        if len(words) > 1 and len(own_words) > 1 and words[0] != own_words[0]:
            continue
        located = _sibling_value(file, sibling)
        if _LOCAL_ADDRESS.search(located) or _EMBEDDED_DATABASE.search(located):
            return True  # (or a database embedded in the application: `url: r2dbc:h2:file:///...`)
    return False


_PRODUCTION = compose_services.PRODUCTION
_ACCOUNT_WORDS = frozenset({"user", "username", "db", "database", "name", "login"})


def _same_as_its_account(file: FileContext, node: tree_sitter.Node, value: str) -> bool:
    """`POSTGRES_USER: umami`, `POSTGRES_DB: umami`, `POSTGRES_PASSWORD: umami`: a password that repeats
    the user or database name beside it is the stock credential of a throwaway local database, not a
    secret someone chose (a real one is never the account's own name)."""
    wanted = value.strip().strip("'\"").lower()
    if not wanted or secrets.looks_like_secret(value, "secret") or _PRODUCTION.search(file.path):
        return False  # in a production profile it is the weak password production runs with
    _pair, siblings = _siblings(node)
    entries = [(key_parts(file, s)[-1:], _sibling_value(file, s)) for s in siblings]
    entries += [([name], text) for name, text in _list_items(file, node)]
    for parts, text in entries:
        account = bool(parts) and bool(_ACCOUNT_WORDS.intersection(secrets.name_words(parts[-1])))
        if account and text.strip().strip("'\"").lower() == wanted:
            return True
    return False


# The variables a database or broker image reads once, to create its first account. In a Compose
# file they set up a container the same file starts: a throwaway local database (outside files
# named for production, where they are the password production runs with).
_CONTAINER_BOOTSTRAP = re.compile(
    r"^(?:DOCKER_INFLUXDB_INIT|POSTGRES|PG|MYSQL(?:_ROOT)?|MARIADB(?:_ROOT)?|MONGO_INITDB_ROOT|MSSQL_SA|SA"
    r"|RABBITMQ_DEFAULT|MINIO_ROOT|REDIS|KEYCLOAK_ADMIN|ELASTIC|CLICKHOUSE|COUCHDB)_?PASS(?:WORD)?$"
)


def _switched_off(file: FileContext, node: tree_sitter.Node) -> bool:
    """`basic: {enable: false, username: jeecg, password: jeecg1314}`: the feature the credential
    guards is turned off beside it; nothing accepts that password."""
    _pair, siblings = _siblings(node)
    for sibling in siblings:
        parts = key_parts(file, sibling)
        if parts and parts[-1].lower() in ("enable", "enabled"):
            return _sibling_value(file, sibling).strip().strip("'\"").lower() in ("false", "no", "off")
    return False


def _bootstraps_a_container(file: FileContext, leaf: str, value: str) -> bool:
    """A stock or made-up value (`toor`, `listmonk`): a random one is a password someone chose to keep.
    Any container's key set to words only (`API_KEY=my-pictrs-key`, `PGADMIN_DEFAULT_PASSWORD=admin`)
    is the same: a Compose file not named for production, nor kept with deployment files, starts a
    local set of services that share that value."""
    if not compose_services.is_compose_file(file.path) or _PRODUCTION.search(file.path):
        return False
    if _CONTAINER_BOOTSTRAP.match(leaf) is not None and not secrets.looks_like_secret(value, "secret"):
        return True
    # A compose file kept with deployment files is what gets deployed: its stock `minioadmin` is not
    # a local set-up's.
    if _DEPLOYMENT_FOLDER.search(file.path):
        return False
    return secrets.is_word_slug(value) and not any(c.isdigit() for c in value)


_DEPLOYMENT_FOLDER = re.compile(r"(?i)(?:^|[/\\])(?:deploy|deployment|deployments|ops|infra|infrastructure)[/\\]")


def _list_items(file: FileContext, node: tree_sitter.Node) -> list[tuple[str, str]]:
    """Compose's list form beside this value: `- NAME=value` items of the same sequence."""
    sequence = node.parent
    while sequence is not None and sequence.type not in ("block_sequence", "flow_sequence"):
        if sequence.type in KEY_FIELDS:
            return []
        sequence = sequence.parent
    if sequence is None:
        return []
    items = []
    for item in sequence.named_children:
        text = file.text(item).lstrip("- ").strip().strip("'\"")
        name, equals, rest = text.partition("=")
        if equals:
            items.append((name.strip(), rest.strip()))
    return items


def _sibling_value(file: FileContext, pair: tree_sitter.Node) -> str:
    entry = reader_entry(file, pair)
    if entry is not None:
        return entry.value
    value = pair.child_by_field_name("value") or (pair.named_children[-1] if pair.named_children else None)
    if value is None or value.end_byte - value.start_byte > _MAX_VALUE_BYTES:
        return ""
    return file.text(value)


def _example_record(file: FileContext, node: tree_sitter.Node) -> bool:
    pair, siblings = _siblings(node)
    if pair is None or not siblings or pair.parent is None or pair.parent.type not in _MAPPINGS:
        return False  # flat files (.env, a Dockerfile) are not records
    return any(_EXAMPLE_EMAIL.search(file.data, s.start_byte, s.end_byte) for s in siblings)


def _name_class(path: list[str]) -> str | None:
    """What the key names. A bare `Key` takes its qualifier from the mapping it is in: `Jwt.Key` is a
    signing key, `api.key` an API key, `cache.key` and `labels.key` are not keys at all."""
    name_class = secrets.secret_name_class(path[-1])
    if name_class == "weak-key" and len(path) >= 2 and len(secrets.name_words(path[-1])) == 1:
        return secrets.secret_name_class(f"{path[-2]}_{path[-1]}")
    return name_class


def _public_key_id(name: str) -> bool:
    """`accessKey`, `access-key-id`, `client-id`: the public half of a key pair, like a user name."""
    words = [w.lower() for w in secrets.name_words(name)]
    return words[-2:] == ["access", "key"] or words[-1:] == ["id"] or words[-2:] == ["key", "id"]


def _names_the_key(value: str, key: str) -> bool:
    """`secret-key: you-secret-key`, `password: my_password`: the key's name dressed up as a value."""
    value_words = [w.lower() for w in secrets.name_words(value)]
    key_words = [w.lower() for w in secrets.name_words(key)]
    if value_words and "".join(value_words) == "".join(key_words):
        return True  # `AGIFTTOKEN: aGifttoken`: a listing keyed by its own entries' names
    return len(value_words) > len(key_words) > 0 and value_words[-len(key_words) :] == key_words


_RECORD_TABLE_MIN = 3  # items of a list that carry the same key: rows of data (seed users), not settings
# Nodes between a list and its items' mappings: YAML's block nodes, HCL's expression wrappers.
_ITEM_WRAPPERS = frozenset({"block_node", "flow_node", "block_sequence_item", "expression", "collection_value"})
_SEQUENCES = frozenset({"block_sequence", "flow_sequence", "array", "tuple"})
# The mappings a keyed value sits in, one per grammar (a TOML [[table]] is one row of its own).
_MAPPINGS = frozenset({"block_mapping", "flow_mapping", "object", "inline_table", "table_array_element"})


def _in_record_table(file: FileContext, node: tree_sitter.Node, key: str) -> bool:
    """The value is a field of one record in a list of like records (`users: [{email, password},
    ...]`, TOML's `[[users]]`): seed or fixture data, not the service's own configuration."""
    pair = node.parent
    while pair is not None and pair.type not in KEY_FIELDS:
        pair = pair.parent
    mapping = pair.parent if pair is not None else None
    if mapping is None or mapping.type not in _MAPPINGS:
        return False
    if mapping.type == "table_array_element":
        header = _header(file, mapping)
        document = mapping.parent
        if document is None:
            return False
        return _at_least(
            lambda: (r for r in document.named_children if r.type == mapping.type and _header(file, r) == header),
            file,
            ("toml-rows", header),
        )
    holder = mapping.parent
    while holder is not None and holder.type in _ITEM_WRAPPERS:
        holder = holder.parent
    if holder is None or holder.type not in _SEQUENCES:
        return False
    # Rows share their first field (`email:`, `"name":`, `name =`): count the items that have this one's.
    first = next((child for child in mapping.named_children if child.type in KEY_FIELDS), None)
    first_key = (key_parts(file, first) or [key])[0] if first is not None else key
    needle = re.compile(rb"(?<![\w-])[\"']?" + re.escape(first_key.encode()) + rb"[\"']?\s*[:=]")
    sequence = holder
    return _at_least(
        lambda: (i for i in sequence.named_children if needle.search(file.data, i.start_byte, i.end_byte)),
        file,
        ("rows", sequence.start_byte, first_key),
    )


def _header(file: FileContext, table: tree_sitter.Node) -> str:
    return key_text(file, key_node(table))


def _at_least(rows: Callable[[], Iterator[tree_sitter.Node]], file: FileContext, cache_key: tuple[object, ...]) -> bool:
    """Whether a list has `_RECORD_TABLE_MIN` such rows, counted once per list: every field of every
    row asks, and a list of thousands of records must not be walked for each."""
    cache = file.cache.setdefault("config_secrets.record_tables", {})
    if cache_key not in cache:
        cache[cache_key] = sum(1 for _ in islice(rows(), _RECORD_TABLE_MIN)) >= _RECORD_TABLE_MIN
    return bool(cache[cache_key])


def _skipped_file(file: FileContext) -> bool:
    """Files whose values are not the service's secrets: examples and templates, translation tables,
    CI pipelines and dev containers. Decided once per file."""
    skipped = file.cache.get("config_secrets.skipped_file")
    if skipped is None:
        path = file.path
        skipped = (
            _example_file(path) or _translation_table(path) or ci_or_dev_container(path) or test_configuration(path)
        )
        file.cache["config_secrets.skipped_file"] = skipped
    return bool(skipped)


def _example_file(path: str) -> bool:
    name = PurePath(path).name
    stem = name[1:] if name.startswith(".") else name
    return _EXAMPLE_FILE.search(stem) is not None


@dataclass
class _Value:
    """The value a check judges: its text as the file's reader sees it, and where it lies."""

    text: str
    start: int
    end: int
    item_name: str = ""  # a Compose list item's own name (`POSTGRES_PASSWORD` of `POSTGRES_PASSWORD=...`)
    # Other rules of the family see this text too (not decoded from base64, not joined from several
    # .properties lines): provider tokens, connection strings and private keys are left to them.
    seen_by_others: bool = True
    whole_node: bool = True  # the value is its node's whole text, which a fix may replace
    decoded: bool = False  # base64-decoded (a Kubernetes Secret's `data:`)


# A Compose `environment:` list item: `NAME=value` (`NAME` alone passes the host's variable on).
_LIST_ITEM = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.-]*)=")


def _read_value(file: FileContext, node: tree_sitter.Node, list_item: bool) -> _Value | None:
    start, end = value_range(file, node)
    if end - start > _MAX_VALUE_BYTES:
        return None
    entry = reader_entry(file, node)
    if entry is not None:  # .properties: escapes decoded, continuation lines joined
        whole = (node.start_byte, node.end_byte) == (start, end)
        return _Value(entry.value, start, end, seen_by_others=whole, whole_node=whole)
    if b"\n" in file.data[start:end]:
        return None
    text = _decoded(file, file.data[start:end].decode("utf-8", "replace"))
    if not list_item:
        return _Value(text, start, end)
    item = _LIST_ITEM.match(text)
    if item is None:
        return None
    start += len(text[: item.end()].encode("utf-8"))
    return _Value(text[item.end() :], start, end, item_name=item.group(1), whole_node=False)


def _kubernetes_secret_data(file: FileContext, node: tree_sitter.Node) -> bool:
    """The value is an entry of a Kubernetes Secret's `data:` (the mapping that holds `data` also says
    `kind: Secret`), where values are base64."""
    pair = _keyed_ancestor(node)
    data_pair = _keyed_ancestor(pair) if pair is not None else None
    if data_pair is None or key_parts(file, data_pair) != ["data"] or data_pair.parent is None:
        return False
    for sibling in data_pair.parent.named_children:
        if sibling.type == data_pair.type and key_parts(file, sibling) == ["kind"]:
            kind = sibling.child_by_field_name("value")
            return kind is not None and key_text(file, kind) == "Secret"
    return False


def _keyed_ancestor(node: tree_sitter.Node) -> tree_sitter.Node | None:
    current = node.parent
    while current is not None and current.type not in KEY_FIELDS:
        current = current.parent
    return current


def _base64_text(value: str) -> str | None:
    """The text a base64 value encodes (a trailing line break, as `echo ... | base64` leaves, dropped);
    None when it is not base64 or not text (a keystore), which the check cannot judge."""
    compact = "".join(value.split())
    try:
        return base64.b64decode(compact, validate=True).decode("utf-8").rstrip("\r\n")
    except (binascii.Error, ValueError):
        return None


@check("secret_config_value")
def secret_config_value(match: MatchContext) -> bool:
    """A value under a secret-like key that is the credential itself, not a reference or a placeholder."""
    node, name_node, list_node = match.node("finding"), match.node("_name"), match.node("_list")
    file = match.file
    if node is None or (name_node is None and list_node is None):
        return False
    # Most values of a file sit under keys that name no secret: leave them before any other work. (A
    # Terraform variable's `default` is named by its label, and a bare `Key` by its parent: read on.)
    name = key_text(file, name_node) if name_node is not None else ""
    first_class = secrets.secret_name_class(name) if name not in ("", "default") else "weak-key"
    if first_class is None or _skipped_file(file):
        return False
    value = _read_value(file, node, list_item=name_node is None)
    if value is None:
        return False
    if _kubernetes_secret_data(file, node):
        decoded = _base64_text(value.text)
        if decoded is None:
            return False
        value.text, value.decoded, value.seen_by_others = decoded, True, False
    if first_class != "weak-key" and not secrets.config_credential(value.text, first_class):
        return False
    path = [*key_path(file, node), value.item_name] if value.item_name else key_path(file, node) or [name]
    leaf = path[-1]
    name_class = _name_class(path)
    if name_class is None or name_class == "weak-key" or _public_key_id(leaf) or _not_settings(path):
        return False
    if not secrets.config_credential(value.text, name_class, strict=_ambiguous_name(leaf)):
        return False
    if value.seen_by_others and _reported_by_others(file, value):
        return False
    if secrets.restates_name(value.text, leaf) or _names_the_key(value.text, leaf):
        return False
    if _in_record_table(file, node, leaf) or _test_section(path):
        return False
    if _public_half(file, node, leaf, name_class) or _example_record(file, node):
        return False
    if _local_development(file, node, value.text, leaf, name_class) or _same_as_its_account(file, node, value.text):
        return False
    if _bootstraps_a_container(file, leaf, value.text) or _switched_off(file, node):
        return False
    entry = reader_entry(file, node)
    # A .properties value that starts on the line after its key is reported from the key: the line a
    # suppression comment goes above.
    start = (
        entry.key_start if entry is not None and entry.continued and entry.value_start > entry.line_end else value.start
    )
    match.finding = file.lines.span(start, value.end)
    masked = secrets.mask(value.text.strip())
    match.message_args.update(
        {"key": ".".join(path), "masked": f"{masked} (decoded from base64)" if value.decoded else masked}
    )
    match.fix_data.update(
        {
            "env_name": env_name_for(path),
            "literal": [node.start_byte, node.end_byte],
            # Only where the file's own tool reads `${NAME}` from the environment.
            "whole_literal": value.whole_node and not value.decoded and reads_env_references(file.path),
        }
    )
    return True


def _reported_by_others(file: FileContext, value: _Value) -> bool:
    """Values another rule of the family reports more precisely: a provider token, a connection string,
    a private key, an AWS secret key beside its key id."""
    text = value.text
    if secrets.provider_matches(text) or secrets.connection_passwords(text) or secrets.PEM_HEADER.search(text):
        return True
    return secrets.looks_like_aws_secret(text) and aws_id_near(file, value.start)
