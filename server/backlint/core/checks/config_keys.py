"""Where a value sits in a configuration file: its key path and its bytes, in each grammar backlint
reads configuration with (YAML, JSON, .env through bash, Terraform / HCL, Dockerfile, TOML), and in
Java .properties files, whose keys and values come from their own reader (`core/properties.py`).

Both the BL305 check (`config_secrets`) and the code checks of the secrets family, when they run on
a configuration file, read keys and names from here.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import tree_sitter

from .. import properties, secrets
from .base import FileContext

_QUOTES = "\"'"
# Files whose tool replaces `${NAME}` with the environment variable: Spring Boot and Compose.
_INTERPOLATED_FILE = re.compile(
    r"(?i)^(?:application|bootstrap)(?:-[\w-]+)?\.(?:ya?ml|properties)$|^(?:docker-)?compose(?:[.-][\w-]+)?\.ya?ml$"
)
# Formats read by a reader of their own, whose tree is a rendering of the file (`LanguageSpec.render`):
# their keys and values are the reader's entries, by the byte their key starts at.
_READERS = {"properties": properties.entries}
# Where each grammar keeps the key of a keyed value: the field holding it, or "" when the grammar
# names no field and the key is the first named child (TOML pairs and table headers, HCL attributes).
KEY_FIELDS = {
    "block_mapping_pair": "key",  # YAML
    "flow_pair": "key",
    "pair": "key",  # JSON; TOML's pair has no field
    "variable_assignment": "name",  # .env (bash)
    "attribute": "",  # Terraform / HCL
    "object_elem": "key",
    "env_pair": "name",  # Dockerfile ENV
    "arg_instruction": "name",  # Dockerfile ARG
    "table": "",  # TOML [table] and [[array of tables]] headers
    "table_array_element": "",
}
# Terraform blocks as their values are addressed: `aws_db_instance.db.password`, `var.db_password`,
# `local.api_key`; other blocks (`provider "aws"`, nested `settings {}`) by their type and labels.
_HCL_BLOCK_PREFIX = {"resource": "", "variable": "var", "locals": "local"}
# A .env value after `#` preceded by a blank is a comment.
_DOTENV_COMMENT = re.compile(rb"\s#")


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        return text[1:-1]
    return text


def reader_entry(file: FileContext, node: tree_sitter.Node) -> properties.Entry | None:
    """The reader's entry a node of a rendered file stands in (the assignment, its name or its value)."""
    read = _READERS.get(file.language)
    if read is None:
        return None
    by_start: dict[int, properties.Entry] | None = file.cache.get("config_keys.entries")
    if by_start is None:
        by_start = file.cache["config_keys.entries"] = {entry.key_start: entry for entry in read(file.data)}
    assignment: tree_sitter.Node | None = node
    while assignment is not None and assignment.type not in KEY_FIELDS:
        assignment = assignment.parent
    return by_start.get(assignment.start_byte) if assignment is not None else None


def value_range(file: FileContext, node: tree_sitter.Node) -> tuple[int, int]:
    """The value's bytes without its quotes (`"…"`, `'…'`, TOML's `\"\"\"…\"\"\"` and `'''…'''`); a
    .properties value as its reader found it (over its continuation lines too)."""
    entry = reader_entry(file, node)
    if entry is not None:
        return entry.value_start, entry.value_end
    start, end = node.start_byte, node.end_byte
    if node.type == "word" and node.parent is not None and node.parent.type == "variable_assignment":
        end = _dotenv_value_end(file.data, end)
    text = file.data[start:end]
    for quote in (b'"""', b"'''", b'"', b"'"):
        if len(text) >= 2 * len(quote) and text.startswith(quote) and text.endswith(quote):
            return start + len(quote), end - len(quote)
    return start, end


def _dotenv_value_end(data: bytes, end: int) -> int:
    """An unquoted .env value runs to the end of its line: bash ends its word at `&`, `;` or a blank,
    dotenv readers do not (`PASSWORD=p&ss word` is one value)."""
    line_end = data.find(b"\n", end)
    line_end = len(data) if line_end < 0 else line_end
    rest = data[end:line_end]
    comment = _DOTENV_COMMENT.search(rest)
    if comment is not None:
        rest = rest[: comment.start()]
    return end + len(rest.rstrip())


def key_text(file: FileContext, node: tree_sitter.Node | None) -> str:
    if node is None:
        return ""
    entry = reader_entry(file, node)
    return entry.key if entry is not None else _unquoted(file.text(node).strip())


_TOML_KEYS = frozenset({"bare_key", "quoted_key", "dotted_key"})


def key_node(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The node holding a keyed node's key (None for a YAML pair written without one)."""
    field = KEY_FIELDS.get(node.type)
    if field is None:
        return None
    key = node.child_by_field_name(field) if field else None
    if key is None:
        first = next((child for child in node.named_children if child.type != "comment"), None)
        if first is not None and (not field or first.type in _TOML_KEYS):
            key = first
    return key


def key_parts(file: FileContext, node: tree_sitter.Node) -> list[str]:
    """A keyed node's key, TOML's dotted keys (`api.key`) and .properties keys (`spring.datasource.password`,
    the paths Spring reads them as) split into their parts."""
    entry = reader_entry(file, node)
    if entry is not None:
        return [part for part in entry.key.split(".") if part]
    key = key_node(node)
    if key is None:
        return []
    if key.type == "dotted_key":
        return [part for child in key.named_children if (part := key_text(file, child))]
    text = key_text(file, key)
    return [text] if text else []


def _hcl_block_parts(file: FileContext, block: tree_sitter.Node) -> list[str]:
    """`resource "aws_db_instance" "db"` -> [aws_db_instance, db]; `variable "x"` -> [var, x]."""
    names = [c for c in block.named_children if c.type in ("identifier", "string_lit")]
    if not names or names[0].type != "identifier":
        return []
    kind, labels = names[0], names[1:]
    block_type = file.text(kind)
    prefix = _HCL_BLOCK_PREFIX.get(block_type, block_type)
    return ([prefix] if prefix else []) + [part for label in labels if (part := key_text(file, label))]


def _variable_default(file: FileContext, attribute: tree_sitter.Node) -> bool:
    """`variable "db_password" { default = "..." }`: the variable's label names the value, not `default`."""
    body = attribute.parent
    block = body.parent if body is not None else None
    if block is None or block.type != "block" or key_parts(file, attribute) != ["default"]:
        return False
    kind = block.named_children[0] if block.named_children else None
    return kind is not None and kind.type == "identifier" and file.text(kind) == "variable"


def key_path(file: FileContext, node: tree_sitter.Node) -> list[str]:
    """The keys of the mappings around a value, outermost first (`["spring", "datasource", "password"]`,
    `["database", "password"]` for TOML's `[database]`, `["var", "db_password"]` for a Terraform
    variable's default)."""
    parts: list[str] = []
    current: tree_sitter.Node | None = node
    while current is not None:
        if current.type == "block":  # HCL
            parts.extend(reversed(_hcl_block_parts(file, current)))
        elif current.type in KEY_FIELDS and not (current.type == "attribute" and _variable_default(file, current)):
            parts.extend(reversed(key_parts(file, current)))
        current = current.parent
    return parts[::-1]


def reads_env_references(path: str) -> bool:
    """Whether the file's own tool replaces `${NAME}` with an environment variable (Spring Boot, Compose):
    the only files where a fix may write one."""
    return _INTERPOLATED_FILE.match(PurePath(path).name) is not None


def env_name_for(path: list[str]) -> str:
    """`datasource.password` -> DATASOURCE_PASSWORD; a leaf of several words names itself."""
    leaf = path[-1]
    if len(secrets.name_words(leaf)) >= 2 or len(path) < 2:
        return secrets.env_name(leaf)
    return secrets.env_name(f"{path[-2]}_{leaf}")


def config_env_name(file: FileContext, node: tree_sitter.Node) -> str | None:
    """The environment variable a configuration value would move to, from its key path."""
    path = key_path(file, node)
    return env_name_for(path) if path else None


# CI pipelines and dev containers start throwaway databases with throwaway passwords; a real secret
# there comes from the CI's secret store (`${{ secrets.X }}`), and provider tokens are BL301's.
# Local-development files go with them: IDE launch profiles (`Properties/launchSettings.json`,
# `.vscode/`) run the service on the developer's machine, never in a deployment.
_CI_FILES = re.compile(
    r"(?:^|/)(?:\.github/(?:workflows|actions)/|\.circleci/|\.ci/|\.buildkite/|\.woodpecker/|\.devcontainer/"
    r"|\.gitlab-ci\.ya?ml$|\.travis\.ya?ml$"
    r"|azure-pipelines\.ya?ml$|bitbucket-pipelines\.ya?ml$|\.drone\.ya?ml$|devcontainer[^/]*$"
    r"|\.vscode/|launchSettings\.json$)"
)
# Test configuration the file role does not see (it knows `tests/`, `e2e/`, test file names of code):
# a test project's folder (`BTCPayServer.Tests/`, `integration-tests/`) and a configuration file named
# for tests or CI (`docker-compose.test.yml`, `.env.test`, `application-e2e.yml`, `api.ci.Dockerfile`).
_TEST_FOLDER = re.compile(r"(?i)^[\w.-]+[._-](?:tests?|specs?|e2e)$")
_TEST_FILE = re.compile(r"(?i)(?:^|[._-])(?:tests?|testing|e2e|ci|cypress|playwright)(?:[._-]|$)")
# Keys whose values are written for people: a `description` mentioning `Password=101` is no DSN.
_DOCUMENTATION_KEYS = re.compile(
    r"(?i)^(?:descriptions?|summary|help|title|comments?|examples?|docs?|documentation|usage|notes?)$"
)


def ci_or_dev_container(path: str) -> bool:
    return _CI_FILES.search(PurePath(path).as_posix()) is not None


def test_configuration(path: str) -> bool:
    posix = PurePath(path)
    name = posix.name[1:] if posix.name.startswith(".") else posix.name
    return _TEST_FILE.search(name) is not None or any(_TEST_FOLDER.match(part) for part in posix.parts[:-1])


def documentation_value(file: FileContext, node: tree_sitter.Node) -> bool:
    """The value sits under a key that documents something (`description`, `example`, `help`)."""
    if node.type == "comment":
        return False  # a comment has no key (TOML files its trailing comments under the last table)
    return any(_DOCUMENTATION_KEYS.match(part) for part in key_path(file, node))
