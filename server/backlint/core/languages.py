"""The languages backlint reads: grammar, file names, LSP language ids and comment syntax.

A new language is one entry here plus a `queries/<name>/` folder.
"""

from __future__ import annotations

import importlib
import os
import threading
from dataclasses import dataclass
from pathlib import PurePath

import tree_sitter


@dataclass(frozen=True)
class LanguageSpec:
    name: str  # also the queries/ folder name
    module: str  # the grammar wheel's import name
    function: str  # the function in it that returns the language pointer
    extensions: tuple[str, ...]
    lsp_ids: tuple[str, ...]
    line_comment: str
    queries: str = ""  # queries/ folder when it differs from name (tsx shares typescript's)
    inherits: str = ""  # a queries/ folder whose rules apply too unless overridden by name
    # Grammars to try when a file that carries `dialect_marker` does not parse with this one (Flow's
    # type annotations in .js read as TypeScript); the one with the least unreadable text is kept.
    dialects: tuple[str, ...] = ()
    dialect_marker: bytes = b""


LANGUAGES: dict[str, LanguageSpec] = {
    spec.name: spec
    for spec in (
        LanguageSpec("python", "tree_sitter_python", "language", (".py", ".pyi"), ("python",), "#"),
        LanguageSpec(
            "javascript",
            "tree_sitter_javascript",
            "language",
            (".js", ".mjs", ".cjs", ".jsx"),
            ("javascript", "javascriptreact"),
            "//",
            dialects=("tsx",),
            dialect_marker=b"@flow",
        ),
        # TypeScript's grammar extends JavaScript's: JavaScript's queries run on it as they are.
        LanguageSpec(
            "typescript",
            "tree_sitter_typescript",
            "language_typescript",
            (".ts", ".mts", ".cts"),
            ("typescript",),
            "//",
            inherits="javascript",
        ),
        LanguageSpec(
            "tsx",
            "tree_sitter_typescript",
            "language_tsx",
            (".tsx",),
            ("typescriptreact",),
            "//",
            queries="typescript",
            inherits="javascript",
        ),
        LanguageSpec("go", "tree_sitter_go", "language", (".go",), ("go",), "//"),
        LanguageSpec("java", "tree_sitter_java", "language", (".java",), ("java",), "//"),
    )
}

_BY_EXTENSION = {ext: spec for spec in LANGUAGES.values() for ext in spec.extensions}
_BY_LSP_ID = {lsp_id: spec for spec in LANGUAGES.values() for lsp_id in spec.lsp_ids}

_lock = threading.Lock()
_loaded: dict[str, tree_sitter.Language] = {}


def fence(name: str, default: str = "") -> str:
    """The Markdown code-fence tag for a language's code: its name, which GitHub and editors highlight
    as it is (tsx too); `default` for a name backlint does not read."""
    return name if name in LANGUAGES else default


def queries_folder(name: str) -> str:
    spec = LANGUAGES[name]
    return spec.queries or spec.name


def query_folders(name: str) -> tuple[str, ...]:
    """The queries/ folders a language reads, its own first (a rule there overrides by name)."""
    spec = LANGUAGES[name]
    own = queries_folder(name)
    return (own, spec.inherits) if spec.inherits else (own,)


def for_path(path: str | PurePath) -> LanguageSpec | None:
    name = os.fspath(path)  # os.path, not PurePath: this runs twice for every file a scan walks
    if name.endswith(".d.ts"):
        return None  # declaration files carry no runtime code
    return _BY_EXTENSION.get(os.path.splitext(name)[1].lower())


def for_lsp_id(language_id: str) -> LanguageSpec | None:
    return _BY_LSP_ID.get(language_id)


def grammar(name: str) -> tree_sitter.Language:
    """The tree-sitter Language for `name`, loaded once per process."""
    with _lock:
        language = _loaded.get(name)
        if language is None:
            spec = LANGUAGES[name]
            module = importlib.import_module(spec.module)
            language = tree_sitter.Language(getattr(module, spec.function)())
            _loaded[name] = language
        return language


def new_parser(name: str) -> tree_sitter.Parser:
    """A fresh parser: parsers are not shared between threads."""
    return tree_sitter.Parser(grammar(name))
