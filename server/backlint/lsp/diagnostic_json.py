"""Findings to LSP diagnostics as plain JSON, without lsprotocol.

The language server's start-up publishes its first diagnostics before pygls and lsprotocol are
imported (first_diagnostics.py); the server builds lsprotocol objects from the same keys
(convert.py), and tests/unit/test_diagnostic_json.py holds the two to the same JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.model import Finding, Note, Related, Severity, Span
from ..core.positions import LineIndex
from .documents import UTF8, position_of

SOURCE = "backlint"
# LSP DiagnosticSeverity.
SEVERITY_NUMBER = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}
HINT = 4


def _span_key(lines: LineIndex, span: Span, encoding: str) -> tuple[int, int, int, int]:
    return (
        *_known_line_position(lines, span.start_byte, span.start.line, encoding),
        *_known_line_position(lines, span.end_byte, span.end.line, encoding),
    )


def _related_key(lines: LineIndex, related: Related, encoding: str) -> tuple[int, int, int, int]:
    if related.path is None:
        return _span_key(lines, related.span, encoding)
    # Another file, not open here: its code-point columns are the client's for all but astral text.
    span = related.span
    return (span.start.line, span.start.column, span.end.line, span.end.column)


def _known_line_position(lines: LineIndex, offset: int, line: int, encoding: str) -> tuple[int, int]:
    """position_of, trusting the span's own line number when it holds (no search for the line)."""
    starts = lines.starts
    if 0 <= line < len(starts) and starts[line] <= offset and (line + 1 == len(starts) or offset < starts[line + 1]):
        prefix = lines.data[starts[line] : offset]
        if (encoding == UTF8 or prefix.isascii()) and not prefix.endswith(b"\r"):
            return line, len(prefix)
    return position_of(lines, offset, encoding)


def diagnostic_key(finding: Finding, lines: LineIndex, encoding: str, help_uri: str) -> tuple:
    """Everything a finding's diagnostic is made of, positions already in the client's encoding:
    two findings with equal keys give equal diagnostics (in the same document)."""
    return (
        finding.rule_id,
        finding.message,
        finding.severity,
        finding.fingerprint,
        finding.fix,
        finding.language,
        help_uri,
        _span_key(lines, finding.span, encoding),
        _span_key(lines, finding.context or finding.span, encoding),
        tuple((_related_key(lines, r, encoding), r.message, r.path) for r in finding.related),
    )


def _range_json(key: tuple[int, int, int, int]) -> dict[str, Any]:
    return {"start": {"line": key[0], "character": key[1]}, "end": {"line": key[2], "character": key[3]}}


def diagnostic_json(key: tuple, uri: str) -> dict[str, Any]:
    """The diagnostic for a key (diagnostic_key), as lsprotocol would serialise it."""
    rule_id, message, severity, fingerprint, fix, language, help_uri, where, context, related = key
    out: dict[str, Any] = {
        "range": _range_json(where),
        "message": message,
        "severity": SEVERITY_NUMBER.get(severity, 2),
        "code": rule_id,
        "codeDescription": {"href": help_uri},
        "source": SOURCE,
    }
    if related:
        out["relatedInformation"] = [
            {
                "location": {"uri": Path(path).resolve().as_uri() if path else uri, "range": _range_json(span)},
                "message": text,
            }
            for span, text, path in related
        ]
    out["data"] = {
        "rule": rule_id,
        "fingerprint": fingerprint,
        "fix": fix,
        "language": language,
        "context": {"start": [context[0], context[1]], "end": [context[2], context[3]]},
    }
    return out


def syntax_diagnostic_json(note: Note, lines: LineIndex, encoding: str) -> dict[str, Any]:
    """One information diagnostic on the line where the file stops parsing: findings past it may
    be missing."""
    offset = note.offset or 0
    line = lines.line_of(offset)
    end = lines.starts[line + 1] - 1 if line + 1 < len(lines.starts) else len(lines.data)
    start_position = position_of(lines, offset, encoding)
    end_position = position_of(lines, max(offset, end), encoding)
    return {
        "range": _range_json((*start_position, *end_position)),
        "message": f"backlint: this file {note.message}",
        "severity": SEVERITY_NUMBER[Severity.INFO],
        "code": "syntax",
        "source": SOURCE,
    }
