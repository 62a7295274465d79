"""What part a file plays in its project: server code, a test, a vendored library, generated output,
browser code, a migration, a developer script or example code.

Rules apply differently by role (a fixture's `password="hunter2"` is not a leak; a spec's `.then`
chain already fails its test on rejection), so every file gets one role, with the reason it was
chosen, from evidence in this order: the settings' `roles` globs, generated-code markers, vendoring,
test conventions, examples, migrations, scripts, browser code; anything else is server code.

Paths are judged relative to the file's project (the nearest folder upward holding a project file
or `.git`), so a checkout that happens to live under `/home/me/tests/` is not all tests.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path, PurePosixPath

from . import facts, languages
from .config import Settings, glob_match
from .model import ROLES

SERVER, TEST, VENDORED, GENERATED, BROWSER, MIGRATION, SCRIPT, EXAMPLE = ROLES


@dataclass(frozen=True)
class FileRole:
    role: str
    reason: str


SERVER_CODE = FileRole(SERVER, "default")

PROJECT_MARKERS = (
    ".git", "pyproject.toml", "setup.py", "setup.cfg", "package.json", "go.mod", "pom.xml", "build.gradle",
    "build.gradle.kts", "backlint.toml", "requirements.txt", "manage.py", "composer.json", "Gemfile", "Cargo.toml",
)  # fmt: skip

# The head of a file is where generators, bundlers and licence banners announce themselves.
HEAD_BYTES = 4096

GENERATED_HEADER = re.compile(
    rb"@generated|DO NOT EDIT|(?i:this (file|code) (is|was|has been) (auto-?|automatically )?generated)"
    rb"|(?i:auto-?generated (file|code))|__webpack_require__|webpackBootstrap"
)
GENERATED_NAMES = re.compile(
    r"(_pb2(_grpc)?\.py|\.pb(\.gw)?\.go|_gen\.go|^zz_generated.*|\.generated\.[jt]sx?|_pb\.[jt]s)$"
)
GENERATED_DIRS = frozenset({"__generated__", "generated", "gen"})

VENDORED_DIRS = frozenset({
    "vendor", "vendors", "third_party", "third-party", "thirdparty", "external", "externals", "bower_components",
    "node_modules", "lib-external", "jspm_packages", "site-packages", "plugins-dist",
})  # fmt: skip
# .NET test projects are folders named after the project they test: `Shop.Api.Tests/`, `Shop.IntegrationTests/`.
# Their shared helpers are test code too: `NzbDrone.Test.Common/`, `Shop.Tests.Fakes/`.
TEST_PROJECT_DIR = re.compile(
    r"^[\w.-]+[._-](?:tests?|unittests?|integrationtests?|specs?|testing)$|^[\w-]+(?:\.[\w-]+)*\.tests?\.[\w.-]+$"
)
SERVED_LIBRARY_DIRS = frozenset({"lib", "libs", "plugins", "plugin", "vendor", "vendors", "3rdparty", "deps"})
# A folder named after a library and its version (pdfjs-2.0.943, jquery-3.6.0, codemirror-5.65.2).
VERSIONED_DIR = re.compile(r"^[A-Za-z][\w.]*?[-_.]v?\d+(\.\d+){1,3}([-.]\w+)?$")
# A bundled library's banner: `/*! name v1.2.3 | (c) ... | MIT license */` or an `@license` tag.
# A project's own `/* Copyright ... */` header is not one: only the forms libraries ship with count.
LIBRARY_BANNER = re.compile(rb"\A\s*(/\*!|/\*\*?\s*@license\b|/\*[*!]?\s*[\w.-]+ v\d+\.\d+\.\d+)")
# Under a folder served to browsers, any opening comment naming a copyright and a licence marks a copy
# of someone's library (`// CodeMirror, copyright (c) by ... Distributed under an MIT license`): a
# project rarely ships its own browser files with one, and these folders are where libraries are dropped.
SERVED_BANNER = re.compile(rb"(?is)\A\W{0,8}(?:/\*|//)(?:(?!\*/).){0,400}?copyright(?:(?!\*/).){0,400}?licen[sc]")
MINIFIED_LINE = 1000

TEST_DIRS = frozenset({
    "test", "tests", "testing", "__tests__", "__mocks__", "spec", "specs", "e2e", "cypress", "playwright",
    "fixtures", "fixture", "testdata", "test-data", "test_data", "mocks", "testutil", "testutils", "test-utils",
    "integration-tests", "integration_tests", "acceptance", "api_tests", "api-tests", "load-tests",
    "load_tests", "loadtest", "perf-tests", "benchmarks",
})  # fmt: skip
TEST_NAMES = re.compile(
    r"^(test_.*\.py|.*_tests?\.py|tests?\.py|conftest\.py"
    r"|(settings|configuration|config|conf)_testing\.py|testing_(settings|configuration|config)\.py"
    r"|.*_test\.go|.*\.(test|spec|cy|e2e)\.[cm]?[jt]sx?|(test[-_]?setup|setup[-_]?tests?|global[-_]?(setup|teardown)"
    r"|(jest|vitest)\.setup)\.[cm]?[jt]s"
    r"|.*(Test|Tests|IT|TestCase|Spec)\.(java|kt|kts|php|cs)|.*_(spec|test)\.rb|test_.*\.rb)$"
)
# Imports that make a file test code, per language (from its spec in core/languages.py).
TEST_IMPORTS = {
    spec.name: re.compile(spec.test_imports, re.M) for spec in languages.LANGUAGES.values() if spec.test_imports
}

# Installers and upgraders (`install/`, `upgrade/` in PHP apps) change the schema once, run by an
# administrator: like migrations, not code serving requests.
MIGRATION_DIRS = frozenset(
    {"migrations", "migration", "migrate", "alembic", "flyway", "liquibase", "seeders", "seeds", "db_migrations",
     "install", "installer", "upgrade", "upgrades"}
)  # fmt: skip
SCRIPT_DIRS = frozenset({
    "scripts", "script", "tools", "tool", "hack", "bin", "extra", "devtools", "dev-tools", "ci", ".github", "dev",
    "codegen", "code-generation",
})  # fmt: skip
# Build and tool configuration only: `auth.config.ts` in a NestJS app is server code. Rake tasks are
# run by the team from a terminal.
SCRIPT_NAMES = re.compile(
    r"^(manage\.py|setup\.py|noxfile\.py|fabfile\.py|Rakefile|.*\.rake|build\.gradle\.kts"
    r"|(?:server|app|index|main)[-.]dev\.[cm]?[jt]s|dev[-_]?server\.[cm]?[jt]s"
    r"|gulpfile\.[cm]?js|Gruntfile\.js|karma\.conf\.js|protractor\.conf\.js"
    r"|(webpack|rollup|vite|vitest|babel|jest|eslint|prettier|tailwind|postcss|next|nuxt|svelte|playwright|cypress"
    r"|tsup|esbuild|commitlint|stylelint|astro|remix|metro|craco)(\.[\w-]+)?\.config\.[cm]?[jt]s)$"
)

BROWSER_LANGUAGES = frozenset(spec.name for spec in languages.LANGUAGES.values() if spec.browser)
BROWSER_DIRS = frozenset({
    "static", "public", "assets", "frontend", "www", "wwwroot", "webapp", "client", "components", "pages",
    "views", "web-app", "ui", "spa", "js",
})  # fmt: skip
BROWSER_IMPORTS = re.compile(
    rb"""(from\s+|require\(\s*|import\s+)['"](react|react-dom|vue|@vue/[\w-]+|@angular/[\w-]+|svelte|jquery|"""
    rb"""preact|solid-js|@reduxjs/toolkit|redux|react-router(-dom)?|next/(router|link|navigation|image)|antd|"""
    rb"""element-ui|element-plus|vuex|pinia|@mui/[\w-]+)['"/]"""
)
BROWSER_GLOBALS = re.compile(
    rb"\b(document\.(getElementById|querySelector|createElement|body|cookie)|window\.(location|addEventListener|localStorage)|localStorage\.|\$\(document\))"
)
SERVER_IMPORTS = re.compile(
    rb"""(from\s+|require\(\s*|import\s+)['"](node:)?(express|koa|fastify|@nestjs/[\w-]+|@hapi/hapi|hapi|http|https|"""
    rb"""net|fs|child_process|pg|mysql2?|mongodb|mongoose|sequelize|typeorm|knex|@prisma/client|redis|ioredis|"""
    rb"""sqlite3|better-sqlite3|aws-sdk|@aws-sdk/[\w-]+|next/server|nodemailer|bull|kafkajs|amqplib)['"/]"""
)
ANGULAR_IMPORT = re.compile(rb"""(from\s+|import\s+)['"]@angular/(core|common|forms|material|router)['"/]""")
SERVER_FRAMEWORK_IMPORTS = re.compile(
    rb"""(from\s+|require\(\s*|import\s+)['"](node:)?(express|koa|fastify|@nestjs/[\w-]+|@hapi/hapi|hapi|http|https|"""
    rb"""net|fs|child_process|@angular/ssr|@angular/platform-server)['"/]"""
)
# Front-end packages: UI frameworks, and the CSS/JS kits and asset pipelines only a browser bundle uses.
FRONTEND_DEPS = (
    "react", "vue", "@angular/core", "svelte", "preact", "jquery", "solid-js", "alpinejs", "htmx.org", "lit",
    "@hotwired/stimulus", "@hotwired/turbo", "bootstrap", "@popperjs/core", "chart.js", "leaflet", "sass",
    "laravel-vite-plugin", "@tabler/core", "tom-select",
)  # fmt: skip
SERVER_DEPS = (
    "express", "koa", "fastify", "@nestjs/core", "@hapi/hapi", "hapi", "pg", "mysql", "mysql2", "mongoose",
    "sequelize", "typeorm", "knex", "@prisma/client", "next", "nuxt", "@remix-run/node", "sails", "loopback",
)  # fmt: skip


def classify(path: str, data: bytes, language: str, settings: Settings | None = None) -> FileRole:
    """The file's role and why. `path` as the user gave it; relative paths are read from the cwd."""
    settings = settings or Settings()
    project = project_root(path)
    relative = _relative(path, project, settings.root)
    for pattern, role in settings.roles.items():
        if glob_match(relative, pattern):
            return FileRole(role, f"roles setting `{pattern}`")
    posix = PurePosixPath(relative)
    parts = posix.parts[:-1]
    if project is not None and project_root(str(project)) is not None:
        # A project inside another one (a monorepo's `api_tests/` with its own package.json) is named
        # by its folder: that name is where the file is, as much as the folders below it.
        parts = (project.name, *parts)
    folders = [part.lower() for part in parts]
    name = posix.name
    head = data[:HEAD_BYTES]
    return (
        _generated(folders, name, head, data)
        or _vendored(parts, folders, language, head)
        or _test(folders, name, head, language)
        or _example(folders)
        or _named_folder(folders, MIGRATION_DIRS, MIGRATION)
        or _migrations_folder(folders)
        or _migration_name(folders, name)
        or _script(folders, name, head, data)
        or _command_line_crate(path, project, language)
        or _browser(path, project, folders, name, head, data, language)
        or SERVER_CODE
    )


def _generated(folders: list[str], name: str, head: bytes, data: bytes) -> FileRole | None:
    if GENERATED_NAMES.search(name):
        return FileRole(GENERATED, f"generated file name {name}")
    folder = next((f for f in folders if f in GENERATED_DIRS), None)
    if folder:
        return FileRole(GENERATED, f"in a `{folder}/` folder")
    marker = GENERATED_HEADER.search(head)
    if marker:
        return FileRole(GENERATED, f"header says `{marker.group(0).decode('utf-8', 'replace').strip()}`")
    if _minified(data):
        return FileRole(GENERATED, "minified (lines over 1,000 characters)")
    return None


def _minified(data: bytes) -> bool:
    """Bundler output: most of the file on a few very long lines."""
    if len(data) < 4 * MINIFIED_LINE:
        return False
    lines = data.count(b"\n") + 1
    return len(data) / lines > MINIFIED_LINE // 2 and any(
        len(line) > MINIFIED_LINE for line in data[:200_000].split(b"\n", 50)
    )


def _vendored(parts: tuple[str, ...], folders: list[str], language: str, head: bytes) -> FileRole | None:
    folder = next((f for f in folders if f in VENDORED_DIRS), None)
    if folder:
        return FileRole(VENDORED, f"in a `{folder}/` folder")
    # Under a folder served to browsers, `lib/` and `plugins/` hold copies of other people's code.
    served = next((i for i, f in enumerate(folders) if f in BROWSER_DIRS), None)
    if served is not None:
        bundled = next((f for f in folders[served + 1 :] if f in SERVED_LIBRARY_DIRS), None)
        if bundled:
            return FileRole(VENDORED, f"in `{folders[served]}/…/{bundled}/`, a served copy of a library")
        if language in BROWSER_LANGUAGES and SERVED_BANNER.search(head):
            return FileRole(VENDORED, f"a library's copyright banner in `{folders[served]}/`")
    versioned = next((p for p in parts if VERSIONED_DIR.match(p)), None)
    if versioned:
        return FileRole(VENDORED, f"in `{versioned}/`, a library's versioned folder")
    if language in BROWSER_LANGUAGES and LIBRARY_BANNER.search(head):
        return FileRole(VENDORED, "a bundled library's licence banner")
    return None


def _test(folders: list[str], name: str, head: bytes, language: str) -> FileRole | None:
    if TEST_NAMES.match(name):
        return FileRole(TEST, f"test file name {name}")
    folder = next((f for f in folders if f in TEST_DIRS or TEST_PROJECT_DIR.match(f)), None)
    if folder:
        return FileRole(TEST, f"in a `{folder}/` folder")
    pattern = TEST_IMPORTS.get(language)
    if pattern is not None:
        found = pattern.search(head)
        if found:
            return FileRole(TEST, f"imports a test framework ({found.group(0).decode('utf-8', 'replace').strip()})")
    return None


# `old_migrations/`, `legacy-migrations/`, `schema_migrations/`: migrations all the same.
_MIGRATIONS_SUFFIX = re.compile(r"^[\w]+[_-]migrations?$")


def _migrations_folder(folders: list[str]) -> FileRole | None:
    folder = next((f for f in folders if _MIGRATIONS_SUFFIX.match(f)), None)
    return FileRole(MIGRATION, f"in a `{folder}/` folder") if folder else None


def _migration_name(folders: list[str], name: str) -> FileRole | None:
    stem = name.rsplit(".", 1)[0].lower()
    if stem in ("migrations", "migration", "migrate"):
        return FileRole(MIGRATION, f"{name} holds migrations")
    # Rails' `db/seeds.rb`: data loaded once into a new database, like the seeders Laravel keeps in a folder.
    seeds = stem == "seeds" and folders[-1:] == ["db"]
    return FileRole(MIGRATION, f"{name} seeds a new database") if seeds else None


# Sample code shipped beside the product to show how to use it (`examples/`, `samples/`, `mall-demo/`,
# `xxl-job-executor-samples/`): reviewers do not hold it to production standards.
EXAMPLE_DIR = re.compile(r"^(?:[\w.-]+[-_])?(?:examples?|samples?|demos?)$")


def _example(folders: list[str]) -> FileRole | None:
    folder = next((f for f in folders if EXAMPLE_DIR.match(f)), None)
    return FileRole(EXAMPLE, f"in a `{folder}/` folder") if folder else None


def _named_folder(folders: list[str], names: frozenset[str], role: str) -> FileRole | None:
    folder = next((f for f in folders if f in names), None)
    return FileRole(role, f"in a `{folder}/` folder") if folder else None


# Command-line programs: a cobra / urfave-cli command or click / typer / argparse entry is run by a
# person at a terminal, not on a request.
CLI_IMPORTS = re.compile(rb'"github\.com/(?:spf13/cobra|urfave/cli)|^\s*(?:import|from)\s+(?:click|typer)\b', re.M)
# A Python program run from a terminal: it parses its own arguments and runs under `__main__`.
PYTHON_PROGRAM = re.compile(rb"^\s*(?:import\s+argparse|from\s+argparse\s+import)", re.M)
MAIN_GUARD = re.compile(rb"^if\s+__name__\s*==\s*['\"]__main__['\"]\s*:", re.M)


def _script(folders: list[str], name: str, head: bytes, data: bytes) -> FileRole | None:
    if SCRIPT_NAMES.match(name):
        return FileRole(SCRIPT, f"{name} is a project script")
    if PYTHON_PROGRAM.search(head) and MAIN_GUARD.search(data):
        return FileRole(SCRIPT, f"{name} parses its own arguments and runs as a program")
    found = CLI_IMPORTS.search(head)
    if found:
        return FileRole(SCRIPT, f"a command-line program ({found.group(0).decode('utf-8', 'replace').strip()})")
    # Django's `manage.py <command>`: run by an administrator or cron, not on a request.
    if any(a == "management" and b == "commands" for a, b in pairwise(folders)):
        return FileRole(SCRIPT, "a Django management command")
    return _named_folder(folders, SCRIPT_DIRS, SCRIPT)


# A Rust crate that draws a terminal interface or parses a command line, and serves nothing, is a program
# a person runs: its HTTP calls wait on that person's Ctrl-C, not on a request queue.
CLI_CRATE_DEPS = ("clap", "ratatui", "tui", "crossterm", "dialoguer", "indicatif", "inquire", "console")
# A terminal interface or prompts: a person at the keyboard, whatever network libraries the crate uses.
INTERACTIVE_CRATE_DEPS = ("ratatui", "tui", "crossterm", "dialoguer", "inquire")
SERVER_CRATE_DEPS = (
    "axum", "actix-web", "rocket", "warp", "poem", "tide", "salvo", "tonic", "lambda_http", "aws-lambda-events",
)  # fmt: skip
# Libraries servers are built on, that clients use as well (a WebSocket or HTTP client, a GraphQL schema).
SERVER_LIBRARY_CRATE_DEPS = ("hyper", "tower-http", "tokio-tungstenite", "async-graphql")


def _command_line_crate(path: str, project: Path | None, language: str) -> FileRole | None:
    if language != "rust":
        return None
    # Recorded (core/facts.py): a cached result is re-checked when a Cargo.toml changes.
    crate = facts.consulted("crate-kind", str(Path(path).resolve().parent), str(project) if project else "")
    return FileRole(SCRIPT, crate) if crate else None


@facts.evaluator("crate-kind")
@lru_cache(maxsize=1024)
def _crate_kind(folder: str, stop: str) -> str:
    """Why the nearest Cargo.toml (up to the project root) says this crate is a command-line program, or ""."""
    manifest = _nearest_manifest(folder, stop, "Cargo.toml")
    return _command_line_manifest(manifest) if manifest is not None else ""


def _nearest_manifest(folder: str, stop: str, name: str) -> Path | None:
    """The nearest `name` at or above `folder`, looking no higher than `stop` (the project root)."""
    current = Path(folder)
    while True:
        manifest = current / name
        if manifest.is_file():
            return manifest
        if not stop or str(current) == stop or current.parent == current:
            return None
        current = current.parent


def _command_line_manifest(manifest: Path) -> str:
    try:
        document = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    # The crate's own dependencies, also per target (`[target.'cfg(unix)'.dependencies]`); not its
    # dev-dependencies: a test harness with axum does not make the program a server.
    tables = [document.get("dependencies"), document.get("build-dependencies")]
    targets = document.get("target")
    if isinstance(targets, dict):
        tables += [target.get("dependencies") for target in targets.values() if isinstance(target, dict)]
    dependencies = {name.replace("_", "-") for table in tables if isinstance(table, dict) for name in table}
    cli = next((d for d in CLI_CRATE_DEPS if d in dependencies), None)
    framework = any(d.replace("_", "-") in dependencies for d in SERVER_CRATE_DEPS)
    library = any(d in dependencies for d in SERVER_LIBRARY_CRATE_DEPS)
    interactive = any(d in dependencies for d in INTERACTIVE_CRATE_DEPS)
    if cli and not framework and (not library or interactive):
        return f"{manifest.parent.name}/{manifest.name} is a command-line crate ({cli}, no server framework)"
    return ""


def _browser(
    path: str, project: Path | None, folders: list[str], name: str, head: bytes, data: bytes, language: str
) -> FileRole | None:
    if language not in BROWSER_LANGUAGES:
        return None
    # Next.js API routes and route handlers run on the server whatever folder they sit in.
    if _next_api(folders) or name.startswith(("route.", "middleware.")):
        return None
    server_import = SERVER_IMPORTS.search(data)
    if server_import:
        # Angular runs only in the browser; its components import `@prisma/client` or a driver for the
        # types and enums they share with the API. Its server-side renderer imports a web framework.
        angular = ANGULAR_IMPORT.search(data)
        if not angular or SERVER_FRAMEWORK_IMPORTS.search(data):
            return None
        return FileRole(BROWSER, "imports Angular, which runs in the browser")
    if BROWSER_IMPORTS.search(data):
        return FileRole(BROWSER, "imports a front-end framework")
    if name.endswith((".jsx", ".tsx", ".vue")):
        return FileRole(BROWSER, f"{name} is a component file")
    if BROWSER_GLOBALS.search(data):
        return FileRole(BROWSER, "uses the DOM")
    folder = next((f for f in folders if f in BROWSER_DIRS), None)
    if folder:
        return FileRole(BROWSER, f"in a `{folder}/` folder")
    if any(a == "app" and b == "javascript" for a, b in pairwise(folders)):
        return FileRole(BROWSER, "in Rails' `app/javascript/`, bundled for the browser")
    # Recorded (core/facts.py): a cached result is re-checked when a package.json changes.
    package = facts.consulted("package-kind", str(Path(path).resolve().parent), str(project) if project else "")
    if package:
        return FileRole(BROWSER, package)
    return None


def _next_api(folders: list[str]) -> bool:
    return any(a == "pages" and b == "api" for a, b in pairwise(folders))


@facts.evaluator("package-kind")
@lru_cache(maxsize=1024)
def _package_kind(folder: str, stop: str) -> str:
    """Why the nearest package.json (up to the project root) says this is a front-end package, or ""."""
    manifest = _nearest_manifest(folder, stop, "package.json")
    return _frontend_package(manifest) if manifest is not None else ""


def _frontend_package(manifest: Path) -> str:
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(document, dict):
        return ""
    if isinstance(document.get("browser"), (str, dict)):
        return f"{manifest.name} has a `browser` field"
    dependencies: set[str] = set()
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        if isinstance(document.get(key), dict):
            dependencies.update(document[key])
    frontend = next((d for d in FRONTEND_DEPS if d in dependencies), None)
    if frontend and not any(d in dependencies for d in SERVER_DEPS):
        return f"{manifest.parent.name}/{manifest.name} is a front-end package ({frontend}, no server framework)"
    return ""


def project_root(path: str) -> Path | None:
    """The nearest folder at or above the file's folder that holds a project file or `.git`."""
    try:
        folder = Path(path).absolute().parent
    except (OSError, ValueError):
        return None
    # Recorded (core/facts.py): a project file added or removed re-checks a cached result.
    found = facts.consulted("project-root", str(folder))
    return Path(found) if found else None


@facts.evaluator("project-root")
@lru_cache(maxsize=4096)
def _marked_folder(folder: str) -> str:
    current = Path(folder)
    while True:
        try:
            if any((current / marker).exists() for marker in PROJECT_MARKERS):
                return str(current)
        except OSError:
            return ""
        if current.parent == current:
            return ""
        current = current.parent


def _relative(path: str, project: Path | None, root: str) -> str:
    """The path inside its project; with no project, inside the settings' root; else just the name."""
    absolute = Path(path).absolute()
    for base in (project, Path(root) if root else None):
        if base is None:
            continue
        try:
            return absolute.relative_to(base.absolute()).as_posix()
        except ValueError:
            continue
    return absolute.name


def clear_caches() -> None:
    """Forget project roots and package kinds (the editor calls this when project files change)."""
    _marked_folder.cache_clear()
    _package_kind.cache_clear()
    _crate_kind.cache_clear()
