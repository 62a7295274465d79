"""Java: the SQL runners a class reaches through its fields, `this.repo.find(sql)` or `repo.find(sql)`
where the field `repo` is a `UserRepository` (injected by constructor or by field).

The field's type names a class of the same source tree: the file of that name in the same package,
or the one its import names (a wildcard import too), found under the source root the current file's
`package` line gives. An interface's implementation next to it (`UserRepositoryImpl`) counts for
it. Anything else (a library type, a type this tree does not hold) is not followed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import facts
from .base import FileContext

_PACKAGE = re.compile(rb"^\s*package\s+([\w.]+)\s*;", re.M)
_IMPORT = re.compile(rb"^\s*import\s+(?!static\b)([\w.]+?)(\.\*)?\s*;", re.M)
_GENERIC = re.compile(r"<.*>$")


def field_types(file: FileContext) -> dict[str, str]:
    """Field name -> its declared class name (`UserRepository`), for the fields of this file."""
    cached: dict[str, str] | None = file.cache.get("java_field_types")
    if cached is not None:
        return cached
    found: dict[str, str] = {}
    stack = [file.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "field_declaration":
            kind = node.child_by_field_name("type")
            type_name = _GENERIC.sub("", file.text(kind)).rsplit(".", 1)[-1] if kind is not None else ""
            for declarator in node.children_by_field_name("declarator"):
                name = declarator.child_by_field_name("name")
                if name is not None and type_name[:1].isupper():
                    found[file.text(name)] = type_name
        elif node.type in ("program", "class_declaration", "class_body", "record_declaration", "enum_body"):
            stack.extend(node.named_children)
    file.cache["java_field_types"] = found
    return found


def class_files(file: FileContext, class_name: str) -> list[Path]:
    """The files of this source tree that may hold `class_name` (and its `...Impl` beside it)."""
    here = Path(file.path).resolve()
    package = _PACKAGE.search(file.data)
    package_parts = package.group(1).decode().split(".") if package else []
    parents = here.parent.parts
    if package_parts and list(parents[-len(package_parts) :]) != package_parts:
        return []  # the folders do not follow the package: no source root to resolve imports against
    root = Path(*parents[: len(parents) - len(package_parts)]) if package_parts else here.parent
    folders = [here.parent]
    for match in _IMPORT.finditer(file.data):
        dotted = match.group(1).decode()
        if match.group(2):  # `import com.shop.repo.*;`
            folders.append(root.joinpath(*dotted.split(".")))
        elif dotted.rsplit(".", 1)[-1] == class_name:
            folders.insert(0, root.joinpath(*dotted.split(".")[:-1]))
    out = []
    for folder in folders:
        for name in (class_name, f"{class_name}Impl"):
            candidate = folder / f"{name}.java"
            if candidate != here and candidate.is_file() and candidate not in out:
                out.append(candidate)
    return out


def field_runner_entries(file: FileContext, receiver: str) -> list[tuple[str, list[Any]]]:
    """(file, summary entry) for each runner of the class the field `receiver` holds."""
    type_name = field_types(file).get(receiver.removeprefix("this."))
    if type_name is None:
        return []
    paths: dict[str, list[Path]] = file.cache.setdefault("java_class_files", {})
    if type_name not in paths:
        paths[type_name] = class_files(file, type_name)
    return [(str(path), entry) for path in paths[type_name] for entry in facts.consulted("sql-runners", str(path))]
