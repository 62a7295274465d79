"""The context a check works on, and the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import Any

import tree_sitter

from ..model import Confidence, Related, Span
from ..positions import LineIndex

CHECKS: dict[str, Callable[[MatchContext], bool]] = {}

TEST_FOLDERS = {"test", "tests", "testing", "__tests__", "spec", "specs", "testdata", "fixtures", "e2e"}


def check(name: str) -> Callable[[Callable[[MatchContext], bool]], Callable[[MatchContext], bool]]:
    def register(function: Callable[[MatchContext], bool]) -> Callable[[MatchContext], bool]:
        if name in CHECKS:
            raise RuntimeError(f"check {name!r} registered twice")
        CHECKS[name] = function
        return function

    return register


@dataclass
class FileContext:
    """One file being analysed. `cache` holds per-file facts that checks compute once (constants, imports)."""

    path: str
    language: str  # the grammar name: python, javascript, typescript, tsx, go, java
    data: bytes
    tree: tree_sitter.Tree
    lines: LineIndex
    cache: dict[str, Any] = field(default_factory=dict)
    role: str = "server"  # core/roles.py: server, test, vendored, generated, browser, migration, script
    role_reason: str = ""

    @property
    def dialect(self) -> str:
        """The queries folder language (tsx reads as typescript)."""
        return "typescript" if self.language == "tsx" else self.language

    def text(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def span(self, node: tree_sitter.Node) -> Span:
        return self.lines.span(node.start_byte, node.end_byte)

    @cached_property
    def in_test_folder(self) -> bool:
        parts = PurePath(self.path).parts[:-1]
        name = PurePath(self.path).name.lower()
        return (
            any(p.lower() in TEST_FOLDERS for p in parts)
            or name.startswith("test_")
            or name.endswith(("_test.py", "_test.go", ".test.js", ".test.ts", ".spec.js", ".spec.ts", "test.java"))
        )


@dataclass
class MatchContext:
    """One query match under examination. Checks read captures and may adjust the finding."""

    file: FileContext
    captures: dict[str, list[tree_sitter.Node]]
    confidence: Confidence
    finding: tree_sitter.Node | Span
    context: tree_sitter.Node | None = None
    message_args: dict[str, str] = field(default_factory=dict)
    related: list[Related] = field(default_factory=list)
    fix_data: dict[str, Any] = field(default_factory=dict)

    def node(self, name: str) -> tree_sitter.Node | None:
        nodes = self.captures.get(name)
        return nodes[0] if nodes else None

    def nodes(self, name: str) -> list[tree_sitter.Node]:
        return self.captures.get(name, [])

    def text(self, node: tree_sitter.Node | None) -> str:
        return "" if node is None else self.file.text(node)

    def lower_confidence(self) -> None:
        self.confidence = self.confidence.lowered()

    def relate(self, node: tree_sitter.Node, message: str) -> None:
        self.related.append(Related(self.file.span(node), message))
