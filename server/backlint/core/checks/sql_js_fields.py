"""JavaScript and TypeScript: the SQL runners a class reaches through its fields, `this.repo.select(sql)`.

What the field holds is read where the class says so: a TypeScript type (`constructor(private repo:
ProductRepository)`, `repo: ProductRepository;`), or `this.repo = new ProductRepository()`. An
untyped constructor parameter (`constructor(repo) { this.repo = repo; }`) is what the project passes
where it constructs the class: `new ProductService(new ProductRepository())`, found by a search of
the project's files, recorded as a fact so a cached result is checked again when that changes.
Only classes imported from a file of the project are followed; anything else gives nothing.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import tree_sitter

from .. import facts
from ..roles import project_root
from .base import FileContext
from .js_imports import imported_class_file_of

_CLASSES = frozenset({"class_declaration", "abstract_class_declaration", "class"})
_SOURCE_SUFFIXES = (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")
_SKIPPED_FOLDERS = frozenset({"node_modules", "dist", "build", "coverage", ".git", "vendor", "out"})
MAX_PROJECT_FILES = 5000
MAX_FILE_BYTES = 1_000_000


def field_runner_entries(
    file: FileContext, receiver: str, call: tree_sitter.Node | None
) -> list[tuple[str, list[Any]]]:
    """(file, summary entry) for each runner of the class(es) the field `this.<name>` holds, in the
    class around `call`."""
    klass = call
    while klass is not None and klass.type not in _CLASSES:
        klass = klass.parent
    if klass is None or not receiver.startswith("this.") or receiver.count(".") != 1:
        return []
    out: list[tuple[str, list[Any]]] = []
    for class_name, path in _field_classes(file, klass, receiver[5:]):
        target = path or imported_class_file_of(file.path, file.data, class_name)
        if target is not None:
            out.extend((target, entry) for entry in facts.consulted("sql-runners", target))
    return out


def _field_classes(file: FileContext, klass: tree_sitter.Node, field: str) -> list[tuple[str, str | None]]:
    """(class name, its file when already known) of what the field of `klass` may hold."""
    cache: dict[tuple[int, str], list[tuple[str, str | None]]] = file.cache.setdefault("js_field_classes", {})
    key = (klass.start_byte, field)
    if key in cache:
        return cache[key]
    found: list[tuple[str, str | None]] = []
    name_node = klass.child_by_field_name("name")
    body = klass.child_by_field_name("body")
    if name_node is not None and body is not None:
        for member in body.named_children:
            name = _text(file, member.child_by_field_name("name"))
            if member.type == "public_field_definition" and name == field:
                typed = _type_name(file, member.child_by_field_name("type"))
                if typed:
                    found.append((typed, None))
            elif member.type == "method_definition" and name == "constructor":
                found.extend(_constructor_sets(file, file.text(name_node), member, field))
    cache[key] = found
    return found


def _constructor_sets(
    file: FileContext, class_name: str, constructor: tree_sitter.Node, field: str
) -> list[tuple[str, str | None]]:
    parameters = constructor.child_by_field_name("parameters")
    body = constructor.child_by_field_name("body")
    declared = [p for p in parameters.named_children if p.type != "comment"] if parameters is not None else []
    names = [_parameter_name(file, p) for p in declared]
    out: list[tuple[str, str | None]] = []
    for position, parameter in enumerate(declared):
        # `constructor(private readonly repo: InvoiceRepository)`: a TypeScript parameter property.
        if names[position] == field and any(c.type == "accessibility_modifier" for c in parameter.children):
            typed = _type_name(file, parameter.child_by_field_name("type"))
            if typed:
                out.append((typed, None))
    for assigned in _this_assignments(file, body, field):
        if assigned.type == "new_expression":
            constructed = assigned.child_by_field_name("constructor")
            if constructed is not None and constructed.type == "identifier":
                out.append((file.text(constructed), None))
        elif assigned.type == "identifier" and file.text(assigned) in names:
            position = names.index(file.text(assigned))
            typed = _type_name(file, declared[position].child_by_field_name("type"))
            if typed:
                out.append((typed, None))
            else:
                out.extend((name, path) for path, name in _constructed_with(file, class_name, position))
    return out


def _this_assignments(file: FileContext, body: tree_sitter.Node | None, field: str) -> list[tree_sitter.Node]:
    """The values of `this.<field> = value` in the constructor's own statements."""
    out = []
    for statement in body.named_children if body is not None else []:
        expression = statement.named_children[0] if statement.type == "expression_statement" else None
        if expression is None or expression.type != "assignment_expression":
            continue
        left, right = expression.child_by_field_name("left"), expression.child_by_field_name("right")
        if left is not None and right is not None and file.text(left) == f"this.{field}":
            out.append(right)
    return out


def _parameter_name(file: FileContext, parameter: tree_sitter.Node) -> str:
    if parameter.type == "identifier":
        return file.text(parameter)
    pattern = parameter.child_by_field_name("pattern") or parameter.child_by_field_name("left")
    return file.text(pattern) if pattern is not None and pattern.type == "identifier" else ""


def _type_name(file: FileContext, annotation: tree_sitter.Node | None) -> str:
    if annotation is None:
        return ""
    text = file.text(annotation).lstrip(":").strip()
    return text if re.fullmatch(r"[A-Z]\w*", text) else ""


def _text(file: FileContext, node: tree_sitter.Node | None) -> str:
    return file.text(node) if node is not None else ""


def _constructed_with(file: FileContext, class_name: str, position: int) -> list[tuple[str, str]]:
    root = project_root(file.path)
    if root is None:
        return []
    answer = facts.consulted("js-constructed-with", str(root), class_name, position)
    return [(path, "") for path in answer]


@facts.evaluator("js-constructed-with")
def constructed_with(root: str, class_name: str, position: int) -> list[str]:
    """The project files of the classes passed as argument `position` of `new <class_name>(...)`
    anywhere in the project (where the constructing file imports that class from the project)."""
    found = {
        arguments[position]
        for arguments in _constructions(root).get(class_name, [])
        if position < len(arguments) and arguments[position] is not None
    }
    return sorted(str(path) for path in found)


# Per project root: when it was read, and each file's (mtime, size, its constructions).
_Constructions = dict[str, list[list[str | None]]]
_INDEX: dict[str, tuple[float, dict[str, tuple[int, int, _Constructions]]]] = {}
_FRESH_SECONDS = 2.0  # an editor's changes are seen within this; a CLI run reads the project once


def _constructions(root: str) -> _Constructions:
    """Class name -> for each `new` of it in the project, the file of each argument's class."""
    now = time.monotonic()
    read_at, files = _INDEX.get(root, (0.0, {}))
    if now - read_at > _FRESH_SECONDS:
        fresh: dict[str, tuple[int, int, _Constructions]] = {}
        for path in _project_sources(Path(root)):
            try:
                info = path.stat()
            except OSError:
                continue
            known = files.get(str(path))
            if known is not None and known[:2] == (info.st_mtime_ns, info.st_size):
                fresh[str(path)] = known
            else:
                fresh[str(path)] = (info.st_mtime_ns, info.st_size, _constructions_in(path, info.st_size))
        files = fresh
        _INDEX[root] = (now, files)
    out: _Constructions = {}
    for _mtime, _size, classes in files.values():
        for class_name, calls in classes.items():
            out.setdefault(class_name, []).extend(calls)
    return out


_NEW_CALL = re.compile(rb"\bnew\s+([A-Z]\w*)\s*\(")


def _constructions_in(path: Path, size: int) -> _Constructions:
    """`new X(a, b)` in one file: for each X, the project file of each argument's class (None where
    the argument is not an instance of a class the file imports from the project)."""
    if size > MAX_FILE_BYTES:
        return {}
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    out: _Constructions = {}
    for call in _NEW_CALL.finditer(data):
        files: list[str | None] = []
        for argument in _arguments(data, call.end()):
            constructed = _class_of(data, argument)
            files.append(imported_class_file_of(str(path), data, constructed) if constructed else None)
        if any(files):
            out.setdefault(call.group(1).decode(), []).append(files)
    return out


def _project_sources(root: Path) -> list[Path]:
    out: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in _SKIPPED_FOLDERS and not d.startswith("."))
        out.extend(Path(folder, n) for n in sorted(names) if n.endswith(_SOURCE_SUFFIXES) and not n.endswith(".d.ts"))
        if len(out) >= MAX_PROJECT_FILES:
            break
    return out[:MAX_PROJECT_FILES]


def _arguments(data: bytes, start: int) -> list[bytes]:
    """The top-level arguments of the call whose `(` ends at `start` (a rough split, enough for names)."""
    depth, current, out = 0, bytearray(), []
    for index in range(start, min(len(data), start + 2000)):
        char = data[index : index + 1]
        if char in b"([{":
            depth += 1
        elif char in b")]}":
            if depth == 0:
                out.append(bytes(current).strip())
                return [a for a in out if a]
            depth -= 1
        elif char == b"," and depth == 0:
            out.append(bytes(current).strip())
            current = bytearray()
            continue
        current += char
    return []


_NEW = re.compile(rb"^new\s+([A-Z]\w*)\s*\(")
_NAME = re.compile(rb"^[A-Za-z_$][\w$]*$")


def _class_of(data: bytes, argument: bytes) -> str | None:
    """`new X(...)`, or a name assigned `new X(...)` once in that file."""
    direct = _NEW.match(argument)
    if direct:
        return direct.group(1).decode()
    if not _NAME.match(argument):
        return None
    assigned = re.findall(rb"\b" + re.escape(argument) + rb"\s*=\s*new\s+([A-Z]\w*)\s*\(", data)
    return assigned[0].decode() if len(set(assigned)) == 1 else None
