"""What a JavaScript / TypeScript file imports from its project: `import { f } from "./db"`,
`const db = require("./db")`. Read from the bytes (no parse), so a file on disk costs a regex pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Imports:
    functions: dict[str, tuple[str, str]]  # local name -> (file, its name there)
    modules: dict[str, str]  # local name of an imported module -> file


_JS_IMPORT = re.compile(
    rb"""\bimport\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+(\w+))?\s*from\s*['"](\.{1,2}/[^'"]+)['"]"""
)
_JS_REQUIRE_NAMES = re.compile(
    rb"""\b(?:const|let|var)\s+\{([^}]*)\}\s*=\s*require\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)"""
)
_JS_REQUIRE_MODULE = re.compile(rb"""\b(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)""")
_JS_SUFFIXES = ("", ".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", "/index.js", "/index.ts")


def js_imports_of(path: str, data: bytes) -> Imports:
    here = Path(path).resolve().parent
    functions: dict[str, tuple[str, str]] = {}
    modules: dict[str, str] = {}
    for found in _JS_IMPORT.finditer(data):
        target = _js_module(here, found.group(4).decode())
        if target is None:
            continue
        if found.group(1):
            modules[found.group(1).decode()] = target  # a default export read as the module's object
        if found.group(3):
            modules[found.group(3).decode()] = target
        for name, alias in _js_names(found.group(2).decode() if found.group(2) else ""):
            functions[alias] = (target, name)
    for found in _JS_REQUIRE_NAMES.finditer(data):
        target = _js_module(here, found.group(2).decode())
        if target is not None:
            for name, alias in _js_names(found.group(1).decode(), separator=":"):
                functions[alias] = (target, name)
    for found in _JS_REQUIRE_MODULE.finditer(data):
        target = _js_module(here, found.group(2).decode())
        if target is not None:
            modules[found.group(1).decode()] = target
    return Imports(functions, modules)


def _js_names(listed: str, separator: str = "as") -> list[tuple[str, str]]:
    out = []
    for item in listed.split(","):
        parts = [p.strip() for p in item.split(separator)] if separator in item else [item.strip()]
        if len(parts) == 1 and parts[0].isidentifier():
            out.append((parts[0], parts[0]))
        elif len(parts) == 2 and all(p.isidentifier() for p in parts):
            out.append((parts[0], parts[1]))
    return out


def _js_module(here: Path, specifier: str) -> str | None:
    base = here / specifier
    for suffix in _JS_SUFFIXES:
        path = Path(str(base) + suffix)
        if path.is_file():
            return str(path.resolve())
    return None


def imported_class_file_of(path: str, data: bytes, class_name: str) -> str | None:
    """As imported_class_file, for a file read from disk and not parsed."""
    imports = js_imports_of(path, data)
    found = imports.functions.get(class_name)
    return found[0] if found is not None else imports.modules.get(class_name)
