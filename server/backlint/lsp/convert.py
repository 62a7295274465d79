"""Core findings to LSP diagnostics, in the client's position encoding. The one place this happens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types

from ..core.model import Finding, Severity, Span
from ..core.positions import LineIndex
from .diagnostic_json import SOURCE, diagnostic_key
from .documents import offset_of, position_of

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def to_range(lines: LineIndex, start_byte: int, end_byte: int, encoding: str) -> types.Range:
    start = position_of(lines, start_byte, encoding)
    end = position_of(lines, end_byte, encoding)
    return types.Range(types.Position(*start), types.Position(*end))


def span_range(lines: LineIndex, span: Span, encoding: str) -> types.Range:
    return to_range(lines, span.start_byte, span.end_byte, encoding)


def range_offsets(lines: LineIndex, range_: types.Range, encoding: str) -> tuple[int, int]:
    start = offset_of(lines, range_.start.line, range_.start.character, encoding)
    end = offset_of(lines, range_.end.line, range_.end.character, encoding)
    return start, max(start, end)


def _position(lines: LineIndex, offset: int, encoding: str) -> tuple[int, int]:
    return position_of(lines, offset, encoding)


def _range(key: tuple[int, int, int, int]) -> types.Range:
    return types.Range(types.Position(key[0], key[1]), types.Position(key[2], key[3]))


def diagnostic_from_key(key: tuple, uri: str) -> types.Diagnostic:
    rule_id, message, severity, fingerprint, fix, language, help_uri, where, context, related = key
    return types.Diagnostic(
        range=_range(where),
        message=message,
        severity=_SEVERITY.get(severity, types.DiagnosticSeverity.Warning),
        code=rule_id,
        code_description=types.CodeDescription(href=help_uri),
        source=SOURCE,
        related_information=[
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=Path(path).resolve().as_uri() if path else uri, range=_range(span)),
                message=text,
            )
            for span, text, path in related
        ]
        or None,
        data={
            "rule": rule_id,
            "fingerprint": fingerprint,
            "fix": fix,
            "language": language,
            "context": {"start": [context[0], context[1]], "end": [context[2], context[3]]},
        },
    )


def to_diagnostic(finding: Finding, lines: LineIndex, uri: str, encoding: str, help_uri: str) -> types.Diagnostic:
    return diagnostic_from_key(diagnostic_key(finding, lines, encoding, help_uri), uri)


class PreparedDiagnostics:
    """One document's diagnostics, converted and serialised once and reused while unchanged.

    After a keystroke nearly every finding is where it was; building lsprotocol objects and
    unstructuring them again for each one cost more than re-analysing the edit (15-20 ms for 150
    findings). Only the findings of the last publication are kept.
    """

    def __init__(self, uri: str, unstructure: Callable[[Any], Any]):
        self.uri = uri
        self._unstructure = unstructure
        self._by_key: dict[tuple, tuple[types.Diagnostic, dict]] = {}

    def prepare(self, findings: list[Finding], lines: LineIndex, encoding: str, help_uri: Callable[[str], str]):
        """(diagnostic, its JSON form) per finding, in order."""
        fresh: dict[tuple, tuple[types.Diagnostic, dict]] = {}
        out = []
        for finding in findings:
            key = diagnostic_key(finding, lines, encoding, help_uri(finding.rule_id))
            prepared = fresh.get(key) or self._by_key.get(key)
            if prepared is None:
                diagnostic = diagnostic_from_key(key, self.uri)
                prepared = (diagnostic, self._unstructure(diagnostic))
            fresh[key] = prepared
            out.append(prepared)
        self._by_key = fresh
        return out
