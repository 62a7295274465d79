"""The SQL runners a file imports from the rest of its project: `from .db import run_query`,
`import { runQuery } from "./db"`, `const db = require("./db")`.

Only imports that name a file of the project are followed (relative ones, and Python's absolute
ones found under the project's folders); a package's own code is not the project's to judge. The
other file's runners are asked for as a fact (core/facts.py; answered by `sql_wrappers.runners_in`
from the file on disk), so a cached result is re-checked when that file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from .. import facts
from ..roles import project_root
from .base import FileContext
from .js_imports import Imports, js_imports_of
from .sql_java_fields import class_files, field_runner_entries
from .sql_js_fields import field_runner_entries as js_field_runner_entries


@dataclass(frozen=True)
class RemoteRunner:
    """A runner of another file, as its summary records it."""

    path: str
    name: str
    parameter: str
    position: int
    takes_self: bool
    sink: str
    span: list[int]  # start byte, end byte, start line, start column, end line, end column
    params_position: int | None = None  # as Runner.params_position
    params_variadic: bool = False  # as Runner.params_variadic


def imported_runner(
    file: FileContext, callee: str, receiver: str | None, call: tree_sitter.Node | None = None
) -> RemoteRunner | None:
    """The runner a call reaches through this file's imports: `run_query(...)` imported by name,
    `db.run_query(...)` through an imported module, `this.repo.find(...)` through a field."""
    if file.language == "go":
        return _package_runner(file, callee) if receiver is None else _imported_package_runner(file, callee, receiver)
    if file.language == "java" or (receiver or "").startswith("this."):
        if receiver is None:
            return None
        entries = (
            field_runner_entries(file, receiver)
            if file.language == "java"
            else js_field_runner_entries(file, receiver, call)
        )
        found = next((pair for pair in entries if pair[1][0] == callee), None)
        return RemoteRunner(found[0], *found[1]) if found is not None else None
    imports = _imports(file)
    if receiver is None and callee in imports.functions:
        path, remote_name = imports.functions[callee]
    elif receiver is not None and receiver in imports.modules:
        path, remote_name = imports.modules[receiver], callee
    else:
        return None
    for entry in facts.consulted("sql-runners", path):
        if entry[0] == remote_name:
            return RemoteRunner(path, *entry)
    return None


def imported_candidates(file: FileContext, callee: str, receiver: str | None) -> list[tuple[str, str]]:
    """Where a call's function may be defined in another file of the project, as (file, its name
    there): an import by name or through a module (Python, JS/TS), this package's other files or an
    imported package's (Go). Worked out once per name in a file (a Go package's folder is listed)."""
    known: dict[tuple[str, str | None], list[tuple[str, str]]] = file.cache.setdefault("sql_candidates", {})
    key = (callee, receiver)
    if key not in known:
        known[key] = _candidates(file, callee, receiver)
    return known[key]


def _candidates(file: FileContext, callee: str, receiver: str | None) -> list[tuple[str, str]]:
    if file.language == "go":
        if receiver is None:
            folder: str | None = str(Path(file.path).resolve().parent)
        else:
            folder = _go_package_folders(file).get(receiver) if callee[:1].isupper() else None
        if folder is None:
            return []
        here = Path(file.path).resolve()
        try:
            files = sorted(p for p in Path(folder).glob("*.go") if p != here and not p.name.endswith("_test.go"))
        except OSError:
            return []
        return [(str(p), callee) for p in files[:MAX_PACKAGE_FILES]]
    if file.language == "java":
        if receiver is None or not receiver[:1].isupper():
            return []
        # `SqlBuilders.searchByName(name)`: a static method of a class of the same source tree.
        return [(str(path), callee) for path in class_files(file, receiver)]
    imports = _imports(file)
    if receiver is None and callee in imports.functions:
        return [imports.functions[callee]]
    if receiver is not None and receiver in imports.modules:
        return [(imports.modules[receiver], callee)]
    return []


def imported_function_names(file: FileContext) -> list[str]:
    """The names this file imports functions of the project under."""
    return list(_imports(file).functions)


MAX_PACKAGE_FILES = 200


def _package_runner(file: FileContext, callee: str) -> RemoteRunner | None:
    """Go: a function of another file of the same package (the same folder), called without an import."""
    package: dict[str, RemoteRunner] | None = file.cache.get("sql_package_runners")
    if package is None:
        package = {}
        here = Path(file.path).resolve()
        try:
            siblings = sorted(p for p in here.parent.glob("*.go") if p != here and not p.name.endswith("_test.go"))
        except OSError:
            siblings = []
        for sibling in siblings[:MAX_PACKAGE_FILES]:
            for entry in facts.consulted("sql-runners", str(sibling)):
                package.setdefault(entry[0], RemoteRunner(str(sibling), *entry))
        file.cache["sql_package_runners"] = package
    return package.get(callee)


# Go import specs inside `import ( ... )` or on an `import` line: an optional name, then the path.
_GO_IMPORT_BLOCK = re.compile(rb"(?ms)^import\s*\((.*?)^\)")
_GO_IMPORT_LINE = re.compile(rb'(?m)^import\s+((?:[A-Za-z_]\w*|\.|_)\s+)?"([^"]+)"')
_GO_SPEC = re.compile(rb'(?m)^\s*((?:[A-Za-z_]\w*|\.|_)\s+)?"([^"]+)"')
_GO_MODULE = re.compile(rb"(?m)^module\s+(\S+)")


def _imported_package_runner(file: FileContext, callee: str, package: str) -> RemoteRunner | None:
    """Go: `db.RunQuery(...)` where `db` imports a package of this module (by the go.mod path): a
    function of one of that package's files."""
    if not callee[:1].isupper():
        return None  # only exported functions are called from another package
    folder = _go_package_folders(file).get(package)
    if folder is None:
        return None
    try:
        files = sorted(p for p in Path(folder).glob("*.go") if not p.name.endswith("_test.go"))
    except OSError:
        return None
    for other in files[:MAX_PACKAGE_FILES]:
        for entry in facts.consulted("sql-runners", str(other)):
            if entry[0] == callee:
                return RemoteRunner(str(other), *entry)
    return None


def _go_package_folders(file: FileContext) -> dict[str, str]:
    """The folders of this module's packages the file imports, by the name it calls them."""
    cached: dict[str, str] | None = file.cache.get("sql_go_package_folders")
    if cached is not None:
        return cached
    cached = {}
    module_root, module_path = _go_module(Path(file.path).resolve().parent)
    if module_root is not None:
        specs = [m for block in _GO_IMPORT_BLOCK.finditer(file.data) for m in _GO_SPEC.finditer(block.group(1))]
        specs += list(_GO_IMPORT_LINE.finditer(file.data))
        for spec in specs:
            alias = (spec.group(1) or b"").strip().decode()
            path = spec.group(2).decode()
            if alias in (".", "_") or not path.startswith(module_path + "/"):
                continue
            name = alias or path.rsplit("/", 1)[-1]
            cached[name] = str(module_root / path[len(module_path) + 1 :])
    file.cache["sql_go_package_folders"] = cached
    return cached


def _go_module(folder: Path) -> tuple[Path | None, str]:
    """The nearest go.mod at or above `folder`: its folder and module path."""
    for candidate in (folder, *folder.parents):
        manifest = candidate / "go.mod"
        try:
            found = _GO_MODULE.search(manifest.read_bytes()) if manifest.is_file() else None
        except OSError:
            found = None
        if found is not None:
            return candidate, found.group(1).decode()
    return None, ""


# --- reading imports ---------------------------------------------------------------------------

_PY_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)", re.M)
_PY_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+(\w+))?[ \t]*(?:#.*)?$", re.M)


def _imports(file: FileContext) -> Imports:
    cached: Imports | None = file.cache.get("sql_imports")
    if cached is None:
        if file.language == "python":
            cached = _python_imports(file)
        elif file.language in ("javascript", "typescript", "tsx"):
            cached = _js_imports(file)
        else:
            cached = Imports({}, {})
        file.cache["sql_imports"] = cached
    return cached


def _python_imports(file: FileContext) -> Imports:
    here = Path(file.path).resolve().parent
    root = project_root(file.path)
    functions: dict[str, tuple[str, str]] = {}
    modules: dict[str, str] = {}
    for found in _PY_FROM.finditer(file.data):
        dots, module = found.group(1).decode(), found.group(2).decode()
        for name, alias in _names(found.group(3).decode()):
            as_module = _python_module(here, root, dots, f"{module}.{name}" if module else name)
            if as_module is not None:
                modules[alias] = as_module
                continue
            target = _python_module(here, root, dots, module) if module or dots else None
            if target is not None:
                functions[alias] = (target, name)
    for found in _PY_IMPORT.finditer(file.data):
        module = found.group(1).decode()
        target = _python_module(here, root, "", module)
        if target is not None:
            modules[(found.group(2) or found.group(1)).decode()] = target
    return Imports(functions, modules)


def _names(listed: str) -> list[tuple[str, str]]:
    """`a, b as c` -> [(a, a), (b, c)]."""
    out = []
    for item in listed.strip("() \t\n").split(","):
        parts = item.split()
        if len(parts) == 1 and parts[0].isidentifier():
            out.append((parts[0], parts[0]))
        elif len(parts) == 3 and parts[1] == "as" and parts[0].isidentifier() and parts[2].isidentifier():
            out.append((parts[0], parts[2]))
    return out


def _python_module(here: Path, root: Path | None, dots: str, module: str) -> str | None:
    """The project file a module name resolves to, if any."""
    parts = [p for p in module.split(".") if p]
    if not parts:
        return None
    if dots:
        base = here
        for _ in range(len(dots) - 1):
            base = base.parent
        bases = [base]
    else:
        # Absolute: from the folders between this file and the project root (src layouts, packages).
        bases = [here, *here.parents]
        if root is not None:
            bases = [b for b in bases if b == root or root in b.parents]
    for base in bases:
        candidate = base.joinpath(*parts)
        for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
            if path.is_file():
                return str(path)
    return None


def _js_imports(file: FileContext) -> Imports:
    return js_imports_of(file.path, file.data)
