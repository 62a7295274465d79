"""Secrets in configuration files (YAML, JSON, .env, Terraform, Dockerfile, TOML): BL305.

The queries capture a value and its key; this check reads the key path from the enclosing mappings
(`spring.datasource.password`), decides with the detector whether the value is the credential itself
(`core.secrets.config_credential`) and fills the message with the key path and the masked value.
Values another rule of the family reports more precisely (provider tokens, connection strings,
private keys) are left to it. Example files (`.env.example`, `application.sample.yml`) hold
placeholders by intent and are skipped.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import tree_sitter

from .. import secrets
from .base import FileContext, MatchContext, check
from .secrets import in_translation_folder

_QUOTES = "\"'"
# Example and template files: their values are placeholders by intent.
_EXAMPLE_FILE = re.compile(r"(?i)(?:^|[._-])(?:example|sample|template|tmpl|tpl|dist|default|defaults)(?:[._-]|$)")
# Files whose tool replaces `${NAME}` with the environment variable: Spring Boot and Compose.
_INTERPOLATED_FILE = re.compile(
    r"(?i)^(?:application|bootstrap)(?:-[\w-]+)?\.ya?ml$|^(?:docker-)?compose(?:[.-][\w-]+)?\.ya?ml$"
)
_KEYED = frozenset({"block_mapping_pair", "flow_pair", "pair"})
_MAX_VALUE_BYTES = 2_000


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        return text[1:-1]
    return text


def value_range(file: FileContext, node: tree_sitter.Node) -> tuple[int, int]:
    """The value's bytes without its quotes."""
    start, end = node.start_byte, node.end_byte
    text = file.data[start:end]
    if len(text) >= 2 and text[:1] == text[-1:] and text[:1] in (b'"', b"'"):
        return start + 1, end - 1
    return start, end


def _key_text(file: FileContext, node: tree_sitter.Node | None) -> str:
    return _unquoted(file.text(node).strip()) if node is not None else ""


def key_path(file: FileContext, node: tree_sitter.Node) -> list[str]:
    """The keys of the mappings around a value, outermost first (`["spring", "datasource", "password"]`)."""
    parts: list[str] = []
    current: tree_sitter.Node | None = node
    while current is not None:
        if current.type in _KEYED:
            key = _key_text(file, current.child_by_field_name("key"))
            if key:
                parts.append(key)
        current = current.parent
    return parts[::-1]


def _env_name_for(path: list[str]) -> str:
    """`datasource.password` -> DATASOURCE_PASSWORD; a leaf of several words names itself."""
    leaf = path[-1]
    if len(secrets.name_words(leaf)) >= 2 or len(path) < 2:
        return secrets.env_name(leaf)
    return secrets.env_name(f"{path[-2]}_{leaf}")


def _public_key_id(name: str) -> bool:
    """`accessKey`, `access-key-id`, `client-id`: the public half of a key pair, like a user name."""
    words = [w.lower() for w in secrets.name_words(name)]
    return words[-2:] == ["access", "key"] or words[-1:] == ["id"] or words[-2:] == ["key", "id"]


def _names_the_key(value: str, key: str) -> bool:
    """`secret-key: you-secret-key`, `password: my_password`: the key's name dressed up as a value."""
    value_words = [w.lower() for w in secrets.name_words(value)]
    key_words = [w.lower() for w in secrets.name_words(key)]
    return len(value_words) > len(key_words) > 0 and value_words[-len(key_words) :] == key_words


# CI pipelines and dev containers start throwaway databases with throwaway passwords; a real secret
# there comes from the CI's secret store (`${{ secrets.X }}`), and provider tokens are BL301's.
_CI_FILES = re.compile(
    r"(?:^|/)(?:\.github/workflows/|\.circleci/|\.devcontainer/|\.gitlab-ci\.ya?ml$|\.travis\.ya?ml$"
    r"|azure-pipelines\.ya?ml$|bitbucket-pipelines\.ya?ml$|\.drone\.ya?ml$)"
)


def _ci_or_dev_container(path: str) -> bool:
    return _CI_FILES.search(PurePath(path).as_posix()) is not None


_RECORD_TABLE_MIN = 3  # items of a list that carry the same key: rows of data (seed users), not settings
_SEQUENCE_ITEMS = frozenset({"block_sequence_item", "flow_sequence", "array"})


def _in_record_table(file: FileContext, node: tree_sitter.Node, key: str) -> bool:
    """The value is a field of one record in a list of like records (`users: [{email, password},
    ...]`): seed or fixture data, not the service's own configuration."""
    pair = node.parent
    while pair is not None and pair.type not in _KEYED:
        pair = pair.parent
    mapping = pair.parent if pair is not None else None
    holder = mapping.parent if mapping is not None else None
    if holder is not None and holder.type == "block_node":
        holder = holder.parent
    if holder is None or holder.type not in _SEQUENCE_ITEMS:
        return False
    sequence = holder.parent if holder.type == "block_sequence_item" else holder
    if sequence is None:
        return False
    # Rows share their first field (`email:`, `name:`): count the items that have this one's.
    first = next((child for child in mapping.named_children if child.type in _KEYED), None) if mapping else None
    first_key = _key_text(file, first.child_by_field_name("key")) if first is not None else key
    needle = f"{first_key}:".encode()
    rows = sum(1 for item in sequence.named_children if needle in file.data[item.start_byte : item.end_byte])
    return rows >= _RECORD_TABLE_MIN


def _example_file(path: str) -> bool:
    name = PurePath(path).name
    stem = name[1:] if name.startswith(".") else name
    return _EXAMPLE_FILE.search(stem) is not None


@check("secret_config_value")
def secret_config_value(match: MatchContext) -> bool:
    """A value under a secret-like key that is the credential itself, not a reference or a placeholder."""
    node, name_node = match.node("finding"), match.node("_name")
    file = match.file
    if node is None or name_node is None or _example_file(file.path):
        return False
    start, end = value_range(file, node)
    if end - start > _MAX_VALUE_BYTES or b"\n" in file.data[start:end]:
        return False
    path = key_path(file, node) or [_key_text(file, name_node)]
    leaf = path[-1]
    name_class = secrets.secret_name_class(leaf)
    if name_class is None or name_class == "weak-key" or _public_key_id(leaf):
        return False
    value = file.data[start:end].decode("utf-8", "replace")
    if not secrets.config_credential(value, name_class):
        return False
    # Values another rule of the family reports more precisely.
    if secrets.provider_matches(value) or secrets.connection_passwords(value) or secrets.PEM_HEADER.search(value):
        return False
    if in_translation_folder(file.path) or secrets.restates_name(value, leaf) or _names_the_key(value, leaf):
        return False
    if _ci_or_dev_container(file.path) or _in_record_table(file, node, leaf):
        return False
    match.finding = file.lines.span(start, end)
    match.message_args.update({"key": ".".join(path), "masked": secrets.mask(value.strip())})
    match.fix_data.update(
        {
            "env_name": _env_name_for(path),
            "literal": [node.start_byte, node.end_byte],
            # Only where the file's own tool reads `${NAME}` from the environment.
            "whole_literal": _INTERPOLATED_FILE.match(PurePath(file.path).name) is not None,
        }
    )
    return True
