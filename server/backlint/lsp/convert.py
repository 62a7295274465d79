"""Core findings to LSP diagnostics, in the client's position encoding. The one place this happens."""

from __future__ import annotations

from lsprotocol import types

from ..core.model import Finding, Severity, Span
from ..core.positions import LineIndex
from .documents import offset_of, position_of

SOURCE = "backlint"

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


def to_diagnostic(finding: Finding, lines: LineIndex, uri: str, encoding: str, help_uri: str) -> types.Diagnostic:
    context = finding.context or finding.span
    context_range = span_range(lines, context, encoding)
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=span_range(lines, r.span, encoding)),
            message=r.message,
        )
        for r in finding.related
    ]
    return types.Diagnostic(
        range=span_range(lines, finding.span, encoding),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=help_uri),
        source=SOURCE,
        related_information=related or None,
        data={
            "rule": finding.rule_id,
            "fingerprint": finding.fingerprint,
            "fix": finding.fix,
            "language": finding.language,
            "context": {
                "start": [context_range.start.line, context_range.start.character],
                "end": [context_range.end.line, context_range.end.character],
            },
        },
    )
