"""The languages backlint reads: one spec per language, the only place a language is described.

A new language is one entry here plus a `queries/<name>/` folder (rules, helpers), fixtures and docs
(the recipe is in queries/README.md). Everything else (roles, incremental re-analysis, rule docs,
the expert's payload and proposals) reads the spec.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import os
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath

import tree_sitter

from . import properties


@dataclass(frozen=True)
class LanguageSpec:
    name: str  # also the queries/ folder name
    module: str  # the grammar wheel's import name
    function: str  # the function in it that returns the language pointer
    extensions: tuple[str, ...]
    lsp_ids: tuple[str, ...]
    line_comment: str
    title: str = ""  # as people write it, in rule docs
    queries: str = ""  # queries/ folder when it differs from name (tsx shares typescript's)
    inherits: str = ""  # a queries/ folder whose rules apply too unless overridden by name
    # Grammars to try when a file that carries `dialect_marker` does not parse with this one (Flow's
    # type annotations in .js read as TypeScript); the one with the least unreadable text is kept.
    dialects: tuple[str, ...] = ()
    dialect_marker: bytes = b""
    file_names: tuple[str, ...] = ()  # whole file names (`Dockerfile`, `.env`), besides extensions
    # Top-level statements whose edits cannot change what is found elsewhere in the file: incremental
    # re-analysis re-runs the rules over just those (core/incremental.py).
    self_contained: frozenset[str] = frozenset()
    test_imports: bytes = b""  # a regex (multi-line) for imports that make a file test code
    browser: bool = False  # code that may run in a browser (the file-role model's browser role)
    import_line: str = ""  # a regex for import lines, shown to the expert beside the code
    dangerous_calls: tuple[str, ...] = ()  # calls a fix never needs: a proposal with one is refused
    env_lookup: str = ""  # reading environment variable {name}, as a fix writes it
    code: bool = True  # False: a configuration format (secrets only; no SQL or error handling)
    # A format no grammar wheel reads: the text, as long and with the same line breaks, that `module`'s
    # grammar reads in its place (the tree's offsets are the file's own; checks read the file's bytes).
    render: Callable[[bytes], bytes] | None = None


_JAVASCRIPT = LanguageSpec(
    "javascript",
    "tree_sitter_javascript",
    "language",
    (".js", ".mjs", ".cjs", ".jsx"),
    ("javascript", "javascriptreact"),
    "//",
    title="JavaScript",
    dialects=("tsx",),
    dialect_marker=b"@flow",
    self_contained=frozenset(
        {"function_declaration", "generator_function_declaration", "class_declaration", "comment"}
    ),
    test_imports=(
        rb"""(require\(|from\s+|import\s+)['"](jest|mocha|chai|sinon|vitest|supertest|ava|tap|jasmine|cypress|"""
        rb"""@jest/globals|@playwright/test|@testing-library/[\w-]+|@nestjs/testing|node:test|k6)['"/]"""
    ),
    browser=True,
    import_line=r"^(import\s|export\s.*\sfrom\s|(const|let|var)\s.*=\s*require\()",
    dangerous_calls=("child_process", "eval(", "new Function(", "execSync(", "spawn("),
    env_lookup="process.env.{name}",
)
# TypeScript's grammar extends JavaScript's: JavaScript's queries run on it as they are.
_TYPESCRIPT = replace(
    _JAVASCRIPT,
    name="typescript",
    module="tree_sitter_typescript",
    function="language_typescript",
    extensions=(".ts", ".mts", ".cts"),
    lsp_ids=("typescript",),
    title="TypeScript",
    inherits="javascript",
    dialects=(),
    dialect_marker=b"",
)
_TSX = replace(
    _TYPESCRIPT,
    name="tsx",
    function="language_tsx",
    extensions=(".tsx",),
    lsp_ids=("typescriptreact",),
    queries="typescript",
)

LANGUAGES: dict[str, LanguageSpec] = {
    spec.name: spec
    for spec in (
        LanguageSpec(
            "python",
            "tree_sitter_python",
            "language",
            (".py", ".pyi"),
            ("python",),
            "#",
            title="Python",
            self_contained=frozenset({"function_definition", "class_definition", "decorated_definition", "comment"}),
            test_imports=rb"^\s*(import|from)\s+(pytest|unittest|django\.test|nose|hypothesis|factory)\b",
            import_line=r"^(import\s|from\s+\S+\s+import\s)",
            dangerous_calls=("os.system", "os.popen", "subprocess.", "eval(", "exec(", "pickle.loads", "__import__("),
            env_lookup='os.environ["{name}"]',
        ),
        _JAVASCRIPT,
        _TYPESCRIPT,
        _TSX,
        LanguageSpec(
            "go",
            "tree_sitter_go",
            "language",
            (".go",),
            ("go",),
            "//",
            title="Go",
            self_contained=frozenset({"function_declaration", "method_declaration", "comment"}),
            test_imports=rb'^\s*(import\s+)?"testing"\s*$',
            import_line=r"^(import\s|\s+(\w+\s+)?\"[\w./-]+\"\s*$)",
            dangerous_calls=("exec.Command", "syscall.Exec"),
            env_lookup='os.Getenv("{name}")',
        ),
        LanguageSpec(
            "java",
            "tree_sitter_java",
            "language",
            (".java",),
            ("java",),
            "//",
            title="Java",
            self_contained=frozenset(
                {
                    "class_declaration",
                    "interface_declaration",
                    "enum_declaration",
                    "record_declaration",
                    "block_comment",
                    "line_comment",
                }
            ),
            test_imports=rb"^\s*import\s+(static\s+)?(org\.junit|org\.mockito|org\.testng|org\.assertj|io\.restassured)\b",
            import_line=r"^import\s",
            dangerous_calls=("Runtime.getRuntime", "ProcessBuilder", "ScriptEngine"),
            env_lookup='System.getenv("{name}")',
        ),
        LanguageSpec(
            "php",
            "tree_sitter_php",
            "language_php",
            (".php",),
            ("php",),
            "//",
            title="PHP",
            self_contained=frozenset(
                {"function_definition", "class_declaration", "interface_declaration", "trait_declaration", "comment"}
            ),
            test_imports=rb"^\s*use\s+(PHPUnit\\|Pest\\|Codeception\\|Mockery\b|Illuminate\\Foundation\\Testing\\)",
            import_line=r"^\s*(use\s|require(_once)?\b|include(_once)?\b)",
            dangerous_calls=(
                "exec(",
                "shell_exec(",
                "system(",
                "passthru(",
                "proc_open(",
                "popen(",
                "eval(",
                "assert(",
            ),
            env_lookup="getenv('{name}')",
        ),
        LanguageSpec(
            "csharp",
            "tree_sitter_c_sharp",
            "language",
            (".cs",),
            ("csharp",),
            "//",
            title="C#",
            self_contained=frozenset(
                {
                    "namespace_declaration",
                    "class_declaration",
                    "record_declaration",
                    "struct_declaration",
                    "interface_declaration",
                    "enum_declaration",
                    "comment",
                }
            ),
            test_imports=rb"^\s*using\s+(Xunit|NUnit\.Framework|Microsoft\.VisualStudio\.TestTools|Moq|FluentAssertions)\b",
            import_line=r"^\s*using\s",
            dangerous_calls=("Process.Start", "ProcessStartInfo", "Assembly.Load", "CSharpScript"),
            env_lookup='Environment.GetEnvironmentVariable("{name}")',
        ),
        LanguageSpec(
            "ruby",
            "tree_sitter_ruby",
            "language",
            (".rb", ".rake"),
            ("ruby",),
            "#",
            title="Ruby",
            file_names=("Rakefile", "Gemfile"),
            self_contained=frozenset({"method", "singleton_method", "class", "module", "comment"}),
            test_imports=rb"^\s*require\s+['\"](rspec|minitest|test/unit|rails_helper|spec_helper|test_helper)",
            import_line=r"^\s*(require|require_relative|load)\b",
            dangerous_calls=(
                "system(",
                "exec(",
                "`",
                "%x",
                "eval(",
                "instance_eval",
                "Open3",
                "IO.popen",
                "Kernel.open",
            ),
            env_lookup='ENV.fetch("{name}")',
        ),
        LanguageSpec(
            "kotlin",
            "tree_sitter_kotlin",
            "language",
            (".kt", ".kts"),
            ("kotlin",),
            "//",
            title="Kotlin",
            self_contained=frozenset(
                {"function_declaration", "class_declaration", "object_declaration", "line_comment", "multiline_comment"}
            ),
            test_imports=rb"^\s*import\s+(org\.junit|kotlin\.test|io\.kotest|io\.mockk|org\.mockito|org\.assertj)\b",
            import_line=r"^\s*import\s",
            dangerous_calls=("Runtime.getRuntime", "ProcessBuilder", "ScriptEngine"),
            env_lookup='System.getenv("{name}")',
        ),
        LanguageSpec(
            "rust",
            "tree_sitter_rust",
            "language",
            (".rs",),
            ("rust",),
            "//",
            title="Rust",
            self_contained=frozenset(
                {
                    "function_item",
                    "impl_item",
                    "struct_item",
                    "enum_item",
                    "trait_item",
                    "mod_item",
                    "line_comment",
                    "block_comment",
                }
            ),
            import_line=r"^\s*(use|extern\s+crate)\s",
            dangerous_calls=("Command::new", "std::process::Command", "libc::system"),
            env_lookup='std::env::var("{name}")?',
        ),
        # Configuration formats: read for secrets only (`code=False`).
        LanguageSpec(
            "yaml",
            "tree_sitter_yaml",
            "language",
            (".yaml", ".yml"),
            ("yaml", "dockercompose", "github-actions-workflow"),
            "#",
            title="YAML",
            code=False,
        ),
        LanguageSpec(
            "json", "tree_sitter_json", "language", (".json",), ("json", "jsonc"), "//", title="JSON", code=False
        ),
        # `.env` files are shell assignments (`KEY=value`, `export KEY="value"`): bash's grammar reads them.
        LanguageSpec(
            "dotenv",
            "tree_sitter_bash",
            "language",
            (".env",),
            ("dotenv", "env"),
            "#",
            title=".env",
            file_names=(".env", ".env.*"),
            code=False,
        ),
        LanguageSpec(
            "terraform",
            "tree_sitter_hcl",
            "language",
            (".tf", ".tfvars", ".hcl"),
            ("terraform", "terraform-vars", "hcl"),
            "#",
            title="Terraform / HCL",
            code=False,
        ),
        LanguageSpec(
            "dockerfile",
            "tree_sitter_dockerfile",
            "language",
            (".dockerfile",),
            ("dockerfile",),
            "#",
            title="Dockerfile",
            file_names=("Dockerfile", "Dockerfile.*", "Containerfile", "*.Dockerfile"),
            code=False,
        ),
        LanguageSpec("toml", "tree_sitter_toml", "language", (".toml",), ("toml",), "#", title="TOML", code=False),
        # Java `.properties`: no grammar wheel reads them, so core/properties.py reads them and renders
        # each entry for bash's grammar as `NAME=VALUE` at its own offsets (why: see that module). VS
        # Code's `properties` id also covers .gitconfig, .editorconfig and .cfg: it stays a generic id
        # (lsp/documents.py), where the file name decides, as it does for the CLI.
        LanguageSpec(
            "properties",
            "tree_sitter_bash",
            "language",
            (".properties",),
            ("jproperties", "java-properties"),
            "#",
            title="Java properties",
            code=False,
            render=properties.render,
        ),
    )
}

# Languages whose grammar wheel is installed. tree-sitter-dockerfile publishes wheels for a few
# platforms only (pyproject.toml installs it where it can): elsewhere Dockerfiles are not read.
INSTALLED = {name: spec for name, spec in LANGUAGES.items() if importlib.util.find_spec(spec.module) is not None}
_BY_EXTENSION = {ext: spec for spec in INSTALLED.values() for ext in spec.extensions}
_BY_LSP_ID = {lsp_id: spec for spec in INSTALLED.values() for lsp_id in spec.lsp_ids}

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


# Whole file names (`Dockerfile`, `.env.production`), one regex: tried only when the extension is
# not one backlint reads.
_BY_NAME = [
    (re.compile(fnmatch.translate(pattern)), spec) for spec in INSTALLED.values() for pattern in spec.file_names
]
_ANY_NAME = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _BY_NAME)) if _BY_NAME else None


def for_path(path: str | PurePath) -> LanguageSpec | None:
    name = os.fspath(path)  # os.path, not PurePath: this runs twice for every file a scan walks
    if name.endswith(".d.ts"):
        return None  # declaration files carry no runtime code
    found = _BY_EXTENSION.get(os.path.splitext(name)[1].lower())
    if found is not None or _ANY_NAME is None:
        return found
    base = os.path.basename(name)
    if not _ANY_NAME.match(base):
        return None
    return next(spec for pattern, spec in _BY_NAME if pattern.match(base))


def for_lsp_id(language_id: str) -> LanguageSpec | None:
    return _BY_LSP_ID.get(language_id)


def grammar(name: str) -> tree_sitter.Language:
    """The tree-sitter Language for `name`, loaded once per process."""
    with _lock:
        language = _loaded.get(name)
        if language is None:
            spec = LANGUAGES[name]
            module = importlib.import_module(spec.module)
            with warnings.catch_warnings():
                # Some grammar wheels (yaml, json, hcl, dockerfile, toml, ruby, kotlin) still hand out
                # the language as an int, which tree-sitter 0.26 accepts with a deprecation warning.
                warnings.filterwarnings("ignore", "int argument support is deprecated", DeprecationWarning)
                language = tree_sitter.Language(getattr(module, spec.function)())
            _loaded[name] = language
        return language


class RenderingParser:
    """The parser of a format read through another grammar (`LanguageSpec.render`). It parses whole
    texts only: a rendering can change beyond an edit (a trailing `\\` joins the next line), so an old
    tree is no guide to the new one (the files are small)."""

    def __init__(self, parser: tree_sitter.Parser, render: Callable[[bytes], bytes]):
        self._parser = parser
        self._render = render

    def parse(self, data: bytes, old_tree: tree_sitter.Tree | None = None) -> tree_sitter.Tree:
        return self._parser.parse(self._render(data))


def new_parser(name: str) -> tree_sitter.Parser | RenderingParser:
    """A fresh parser: parsers are not shared between threads."""
    parser = tree_sitter.Parser(grammar(name))
    render = LANGUAGES[name].render
    return RenderingParser(parser, render) if render is not None else parser
