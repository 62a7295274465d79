"""The import graph of server/backlint has no circle, and the core never imports an adapter.

Read from the source with `ast` (nothing is imported), so the test sees the checkout as it is.

An edge A -> B is an import that runs when A is imported: a module-level `import` / `from ... import`
statement, including those inside module-level `if`, `try`, `with`, loops and class bodies; not one
inside a function (it runs when the function is called) and not one under `if TYPE_CHECKING:` (it
never runs). `from package import name` is an edge to `package.name` when that is a module, else to
`package` (the name is read from its `__init__`). Importing a submodule also runs its parents'
`__init__`, but Python starts those first, so that is not counted as an edge.

The core boundary is stricter: no import of any kind, anywhere in `backlint/core` (inside functions
and under TYPE_CHECKING too), may name `backlint.lsp`, `backlint.llm` or `backlint.cli`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "backlint"
ROOT = Path(__file__).resolve().parents[2] / "server" / PACKAGE
CORE = f"{PACKAGE}.core"
ADAPTERS = (f"{PACKAGE}.lsp", f"{PACKAGE}.llm", f"{PACKAGE}.cli")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (one of ours)
    line: int
    at_import_time: bool  # False inside a function or under `if TYPE_CHECKING:`
    type_only: bool = False  # under `if TYPE_CHECKING:`: never runs

    def where(self) -> str:
        return f"{self.source} -> {self.target} ({module_path(self.source)}:{self.line})"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str, root: Path = ROOT) -> str:
    relative = Path(*name.split("."))
    candidate = root.parent / relative / "__init__.py"
    path = candidate if candidate.is_file() else root.parent / relative.with_suffix(".py")
    return str(path.relative_to(root.parents[1]))


def all_modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_statements(body: list[ast.stmt], at_import_time: bool, type_only: bool = False):
    """(statement, runs at import time, only for type checking) for every import statement in `body`,
    nested ones included."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, at_import_time, type_only
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _import_statements(node.body, False, type_only)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_statements(node.body, False, True)
            yield from _import_statements(node.orelse, at_import_time, type_only)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    statements = [child for child in children if isinstance(child, ast.stmt)]
                    for child in children:  # except handlers and match cases hold statements
                        if isinstance(child, (ast.ExceptHandler, ast.match_case)):
                            statements.extend(child.body)
                    yield from _import_statements(statements, at_import_time, type_only)


def _base_of(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = source.split(".") if is_package else source.split(".")[:-1]
    if node.level - 1 > len(package) - 1:
        raise ValueError(f"{source}: relative import beyond the top-level package (line {node.lineno})")
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(source: str, text: str, modules: set[str], *, is_package: bool = False) -> list[Import]:
    """Every import in module `source` (whose code is `text`) that names one of `modules`."""
    found = []
    for node, at_import_time, type_only in _import_statements(ast.parse(text).body, True):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _base_of(source, is_package, node)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        for target in dict.fromkeys(targets):
            if target in modules:
                found.append(Import(source, target, node.lineno, at_import_time, type_only))
    return found


def import_graph(root: Path = ROOT) -> list[Import]:
    modules = all_modules(root)
    names = set(modules)
    edges = []
    for name, path in modules.items():
        edges += imports_of(name, path.read_text(encoding="utf-8"), names, is_package=path.name == "__init__.py")
    return edges


def cycles(edges: list[Import]) -> list[list[Import]]:
    """One circle (as its edges, in order) per strongly connected component that has one."""
    graph: dict[str, dict[str, Import]] = {}
    for edge in edges:
        graph.setdefault(edge.source, {}).setdefault(edge.target, edge)
        graph.setdefault(edge.target, {})
    # Tarjan's algorithm, iterative (no recursion limit to worry about).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    components.append(sorted(component))
    return [_circle_in(graph, component) for component in sorted(components)]


def _circle_in(graph: dict[str, dict[str, Import]], component: list[str]) -> list[Import]:
    """A shortest circle through the component's first module (breadth-first, inside the component)."""
    members = set(component)
    start = component[0]
    came_from: dict[str, Import] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target, edge in sorted(graph[node].items()):
                if target not in members:
                    continue
                if target == start:
                    circle = [edge]
                    while circle[0].source != start:
                        circle.insert(0, came_from[circle[0].source])
                    return circle
                if target not in came_from:
                    came_from[target] = edge
                    following.append(target)
        frontier = following
    raise AssertionError(f"no circle found in {component}")  # cannot happen for a component


def describe(circle: list[Import]) -> str:
    return (
        " -> ".join([circle[0].source] + [edge.target for edge in circle])
        + "\n"
        + "\n".join(f"    {edge.where()}" for edge in circle)
    )


# -- the tests --------------------------------------------------------------------------------------
def test_no_import_circle_in_backlint():
    found = cycles([edge for edge in import_graph() if edge.at_import_time])
    assert not found, "import circles (module-level imports only):\n" + "\n".join(describe(c) for c in found)


def test_no_circle_even_through_imports_deferred_into_functions():
    """A function-level import only moves a circle to run time: the layering is still circular."""
    found = cycles([edge for edge in import_graph() if not edge.type_only])
    assert not found, "import circles (imports inside functions too):\n" + "\n".join(describe(c) for c in found)


def test_core_imports_no_adapter():
    leaks = [
        edge
        for edge in import_graph()
        if (edge.source == CORE or edge.source.startswith(CORE + "."))
        and any(edge.target == adapter or edge.target.startswith(adapter + ".") for adapter in ADAPTERS)
    ]
    assert not leaks, "backlint.core imports an adapter:\n" + "\n".join(f"    {edge.where()}" for edge in leaks)


# -- the reader itself: what counts as an edge ------------------------------------------------------
MODULES = {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d", "pkg.sub", "pkg.sub.e", "pkg.f", "pkg.g"}


def test_edges_are_the_imports_that_run_at_import_time():
    text = (
        "from __future__ import annotations\n"
        "import os\n"
        "from . import a\n"  # a submodule
        "from .b import thing\n"
        "from .sub import e, helper\n"  # a submodule, and a name read from pkg.sub's __init__
        "import pkg.c\n"
        "TYPE_CHECKING = False\n"
        "if TYPE_CHECKING:\n"
        "    from . import f\n"
        "else:\n"
        "    from . import g\n"
        "try:\n"
        "    from . import d\n"
        "except ImportError:\n"
        "    pass\n"
        "class Holder:\n"
        "    from . import name_in_init\n"
        "def later():\n"
        "    from . import f\n"
    )
    edges = imports_of("pkg.x", text, MODULES)
    at_import = sorted(edge.target for edge in edges if edge.at_import_time)
    assert at_import == ["pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d", "pkg.g", "pkg.sub", "pkg.sub.e"]
    assert sorted(edge.target for edge in edges if not edge.at_import_time) == ["pkg.f", "pkg.f"]


def test_relative_imports_resolve_from_a_package_init():
    edges = imports_of("pkg.sub", "from . import e\nfrom .. import a\nfrom ..b import x\n", MODULES, is_package=True)
    assert [edge.target for edge in edges] == ["pkg.sub.e", "pkg.a", "pkg.b"]


def test_circles_are_found_and_named():
    edges = [
        Import("m.a", "m.b", 1, True),
        Import("m.b", "m.c", 2, True),
        Import("m.c", "m.a", 3, True),
        Import("m.c", "m.d", 4, True),
        Import("m.d", "m.d", 5, True),
        Import("m.e", "m.a", 6, True),
    ]
    found = cycles(edges)
    assert [[edge.source for edge in circle] for circle in found] == [["m.a", "m.b", "m.c"], ["m.d"]]
    assert cycles(edges[:2] + edges[3:4]) == []


def test_the_graph_reads_the_real_package():
    edges = import_graph()
    module_level = {(edge.source, edge.target) for edge in edges if edge.at_import_time}
    assert ("backlint.core.engine", "backlint.core.model") in module_level
    assert ("backlint.lsp.server", "backlint.lsp.fence") in module_level
    # cli imports everything it needs inside its commands: nothing at import time.
    assert not any(source == "backlint.cli" for source, _ in module_level)
    assert any(edge.source == "backlint.cli" and not edge.at_import_time for edge in edges)
