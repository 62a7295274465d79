"""The vocabulary every front door shares: rules, spans and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so that `--fail-on` can compare: a higher value is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except (KeyError, AttributeError):
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Confidence(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, value: str) -> Confidence:
        try:
            return cls[value.strip().upper()]
        except (KeyError, AttributeError):
            raise ValueError(f"unknown confidence {value!r} (expected high, medium or low)") from None

    @property
    def label(self) -> str:
        return self.name.lower()

    def lowered(self) -> Confidence:
        return Confidence(max(Confidence.LOW, self - 1))


CATEGORIES = ("sql-injection", "error-handling", "secret")
# The part a file plays in its project (core/roles.py decides); rules declare how they apply to each.
ROLES = ("server", "test", "vendored", "generated", "browser", "migration", "script", "example")


@dataclass(frozen=True)
class Point:
    """A position in code points: 0-based line and column (column counts Unicode code points)."""

    line: int
    column: int


@dataclass(frozen=True)
class Span:
    """A range of the source, kept both as UTF-8 byte offsets and as code-point positions."""

    start_byte: int
    end_byte: int
    start: Point
    end: Point

    def contains_byte(self, offset: int) -> bool:
        return self.start_byte <= offset <= self.end_byte

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": {"line": self.start.line + 1, "column": self.start.column + 1},
            "end": {"line": self.end.line + 1, "column": self.end.column + 1},
        }


@dataclass(frozen=True)
class Gate:
    """Text every match of a rule contains: one of `literals` (ASCII case ignored if asked), within
    `within` bytes of the match. The engine runs such a rule only around the places it occurs."""

    literals: tuple[bytes, ...]
    ignore_case: bool = False
    within: int = 0


@dataclass(frozen=True)
class Rule:
    """One rule as its record describes it, for one language."""

    id: str
    name: str
    language: str
    category: str
    severity: Severity
    confidence: Confidence
    message: str
    summary: str
    why: str
    example: str
    use_instead: str
    cwe: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    fix: str | None = None
    checks: tuple[str, ...] = ()
    query_path: str = ""
    requires: Gate | None = None
    enabled_by_default: bool = True  # False: runs only when `select` names it (id or name)
    # (role, highest confidence or None for off) for every role but server, where a rule is itself.
    roles: tuple[tuple[str, Confidence | None], ...] = ()

    def confidence_cap(self, role: str) -> Confidence | None:
        """The most confidence a finding in a file of this role may have; None: the rule is off there."""
        for name, cap in self.roles:
            if name == role:
                return cap
        return Confidence.HIGH

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "severity": self.severity.label,
            "confidence": self.confidence.label,
            "message": self.message,
            "summary": self.summary,
            "why": self.why,
            "example": self.example,
            "use_instead": self.use_instead,
            "cwe": list(self.cwe),
            "references": list(self.references),
            "fix": self.fix,
            "roles": {role: cap.label if cap else "off" for role, cap in self.roles},
        }


@dataclass(frozen=True)
class Related:
    """A second place the finding is about: where the SQL was built, another use of a secret."""

    span: Span
    message: str
    path: str | None = None  # another file (a function the finding's SQL reaches); None: this one


@dataclass
class Suppression:
    kind: str  # "line" | "file" | "config"
    reason: str | None = None


@dataclass
class Finding:
    rule_id: str
    rule_name: str
    category: str
    severity: Severity
    confidence: Confidence
    span: Span
    message: str
    path: str = ""
    language: str = ""
    context: Span | None = None
    related: list[Related] = field(default_factory=list)
    fix: str | None = None
    fix_data: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    suppression: Suppression | None = None
    # The hash of the rule and the finding's lines, before the occurrence count: a finding carried
    # over unchanged by incremental re-analysis keeps it (its lines' text has not changed).
    fingerprint_hash: str = field(default="", repr=False, compare=False)
    role: str = "server"  # the file's role (core/roles.py), and why it was chosen
    role_reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None

    def sort_key(self) -> tuple[str, int, str, int]:
        return (self.path, self.span.start_byte, self.rule_id, self.span.end_byte)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "rule": self.rule_id,
            "name": self.rule_name,
            "category": self.category,
            "severity": self.severity.label,
            "confidence": self.confidence.label,
            "message": self.message,
            **self.span.to_dict(),
            "fingerprint": self.fingerprint,
            "fix": self.fix,
            "role": self.role,
        }
        if self.related:
            data["related"] = [
                {"message": r.message, **({"path": r.path} if r.path else {}), **r.span.to_dict()} for r in self.related
            ]
        if self.suppression is not None:
            data["suppressed"] = {"kind": self.suppression.kind, "reason": self.suppression.reason}
        return data


@dataclass
class Note:
    """Something the user should know about a file that is not a finding: skipped, too large, an error."""

    path: str
    message: str
    kind: str = "skipped"  # "skipped" | "error" | "warning" | "syntax" (parsed with errors: core/syntax.py)
    offset: int | None = None  # where in the file it applies (a syntax note: the first error's byte)
