"""Reports for people (text) and machines (JSON, SARIF 2.1.0).

Notes (what could not be analysed, or only partly) are not findings. The text report leaves them
out: the CLI prints each once on stderr (`note_line`), so stdout holds only findings and the summary
line, which counts them. JSON lists them under "notes"; SARIF as the invocation's
toolExecutionNotifications. An "error" note (a path that does not exist, an internal error) means
the scan failed: SARIF's executionSuccessful is false and the CLI exits 2. A "syntax" note (a file
parsed with errors, core/syntax.py) is a warning and fails nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import ruledocs
from .model import Finding, Note, Rule, Severity
from .source import SkipFile, decode

JsonObject = dict[str, Any]  # an object of the JSON or SARIF document being written

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Note kinds (model.Note.kind) as SARIF notification levels; an unknown kind is a "note".
NOTE_LEVEL = {
    "error": "error",
    "warning": "warning",
    "syntax": "warning",
    "skipped": "note",
    "unused-suppression": "note",
}


def note_line(note: Note) -> str:
    """One note for people: `path: kind: message` (the message never repeats the kind)."""
    return f"{note.path}: {note.kind}: {note.message}"


def failed(notes: list[Note]) -> list[Note]:
    """The notes that make a scan fail: something could not be analysed because of an error."""
    return [n for n in notes if n.kind == "error"]


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class Palette:
    """ANSI styles for the text reports; PLAIN (no escape codes) unless the CLI chose colour."""

    bold: str = ""
    dim: str = ""
    reset: str = ""
    rule: str = ""
    caret: str = ""
    severity: tuple[tuple[Severity, str], ...] = ()

    def paint(self, style: str, text: str) -> str:
        return f"{style}{text}{self.reset}" if style else text

    def of(self, severity: Severity) -> str:
        return dict(self.severity).get(severity, "")


PLAIN = Palette()
COLOURED = Palette(
    bold="\x1b[1m",
    dim="\x1b[2m",
    reset="\x1b[0m",
    rule="\x1b[1;31m",
    caret="\x1b[1;31m",
    severity=((Severity.ERROR, "\x1b[31m"), (Severity.WARNING, "\x1b[33m"), (Severity.INFO, "\x1b[36m")),
)


def _headline(f: Finding, palette: Palette) -> str:
    tag = " (suppressed)" if f.suppressed else ""
    where = palette.paint(palette.bold, f.path) + f":{f.span.start.line + 1}:{f.span.start.column + 1}:"
    severity = palette.paint(palette.of(f.severity), f"[{f.severity.label}]")
    return f"{where} {palette.paint(palette.rule, f.rule_id)} {severity} {f.message}{tag}"


def text(
    findings: list[Finding],
    notes: list[Note],
    *,
    files_checked: int,
    show_suppressed: bool,
    palette: Palette = PLAIN,
    with_source: bool = False,
) -> str:
    """One line per finding and a summary; `with_source` adds the code under each, with carets
    under the flagged part (the `full` format)."""
    lines = []
    sources = _SourceLines()
    for f in findings:
        if f.suppressed and not show_suppressed:
            continue
        lines.append(_headline(f, palette))
        if with_source:
            lines.extend(_excerpt(f, sources, palette))
    active = [f for f in findings if not f.suppressed]
    suppressed = len(findings) - len(active)
    if active:
        by_severity = Counter(f.severity.label for f in active)
        detail = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
        summary = (
            f"Found {len(active)} problem{'s' if len(active) != 1 else ''} ({detail}) "
            f"in {files_checked} file{'s' if files_checked != 1 else ''}."
        )
    else:
        summary = f"No problems found in {files_checked} file{'s' if files_checked != 1 else ''}."
    if suppressed:
        summary += f" {suppressed} suppressed."
    unused = sum(1 for n in notes if n.kind == "unused-suppression")
    if unused:
        summary += f" {_plural(unused, 'unused suppression')} (named on stderr)."
    broken = _files_with_syntax_errors(notes)
    if broken:
        summary += f" {_plural(broken, 'file')} parsed with syntax errors (named on stderr)."
    errors = len({n.path for n in failed(notes)})
    if errors:
        summary += f" {_plural(errors, 'path')} could not be checked (named on stderr)."
    lines.append(palette.paint(palette.bold, summary))
    return "\n".join(lines) + "\n"


class _SourceLines:
    """Each reported file's decoded lines, read once (as the engine decoded them, so columns match)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int, language: str) -> str | None:
        if path not in self._files:
            try:
                data = Path(path).read_bytes()
                text = decode(data, language=language, max_bytes=None).text
                # Lines end at "\n" only, as the engine counts them (not at form feeds or U+2028).
                self._files[path] = [line.removesuffix("\r") for line in text.split("\n")]
            except (OSError, SkipFile):
                self._files[path] = None
        lines = self._files[path]
        return lines[number] if lines is not None and 0 <= number < len(lines) else None


_TAB = "    "
SECRET_SHOWN_CHARS = 4


def _excerpt(f: Finding, sources: _SourceLines, palette: Palette) -> list[str]:
    """The finding's first line of code with carets under its range (to the line's end when the
    range goes on), as ruff's full output shows it. Nothing when the file cannot be read again."""
    source = sources.line(f.path, f.span.start.line, f.language)
    if source is None:
        return []
    number = str(f.span.start.line + 1)
    gutter = " " * len(number)
    start = f.span.start.column
    end = f.span.end.column if f.span.end.line == f.span.start.line else len(source)
    if f.category == "secret":
        # Reports end up in CI logs: the secret itself is shown no more than the message shows it.
        keep = min(end, start + SECRET_SHOWN_CHARS)
        source = source[:keep] + "*" * (end - keep) + source[end:]
    # Tabs widen the same way in the code and under it, so the carets stay under the range.
    shown = source.replace("\t", _TAB)
    indent = len(source[:start].replace("\t", _TAB))
    width = max(1, len(source[start:end].replace("\t", _TAB)))
    bar = palette.paint(palette.dim, "|")
    return [
        f"{gutter} {bar}",
        f"{palette.paint(palette.dim, number)} {bar} {shown}",
        f"{gutter} {bar} {' ' * indent}{palette.paint(palette.caret, '^' * width)}",
        "",
    ]


def _files_with_syntax_errors(notes: list[Note]) -> int:
    return len({n.path for n in notes if n.kind == "syntax"})


def to_json(findings: list[Finding], notes: list[Note], *, files_checked: int, show_suppressed: bool) -> str:
    shown = [f for f in findings if show_suppressed or not f.suppressed]
    document = {
        "version": 1,
        "files_checked": files_checked,
        "findings": [f.to_dict() for f in shown],
        "notes": [{"path": n.path, "kind": n.kind, "message": n.message} for n in notes],
        "summary": {
            "findings": sum(1 for f in findings if not f.suppressed),
            "suppressed": sum(1 for f in findings if f.suppressed),
            "files_with_syntax_errors": _files_with_syntax_errors(notes),
            "errors": len(failed(notes)),
        },
    }
    return json.dumps(document, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> JsonObject:
    descriptor = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        # The whole rule page travels with the report: there may be no web page to link to.
        "help": {
            "text": (
                f"{rule.summary}\n\n{' '.join(rule.why.split())}\n\n"
                f"Flagged:\n{rule.example}\n\nInstead:\n{rule.use_instead}"
            ),
            "markdown": ruledocs.render(rule.id),
        },
    }
    # A public page only: a file:// link to the scanning machine is dead once the report is uploaded.
    uri = ruledocs.help_uri(rule.id, rule.name)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor | {
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {
            "category": rule.category,
            "precision": {"high": "high", "medium": "medium", "low": "low"}[rule.confidence.label],
            "tags": ["security" if rule.category != "error-handling" else "reliability", rule.category, *rule.cwe],
        },
    }


def sarif(
    findings: list[Finding],
    notes: list[Note],
    rules: Iterable[Rule],
    *,
    root: Path,
    version: str,
    show_suppressed: bool,
) -> str:
    # One reportingDescriptor per rule id (the record is shared by languages).
    descriptors: dict[str, JsonObject] = {}
    for rule in rules:
        descriptors.setdefault(rule.id, _sarif_rule(rule))
    index = {rule_id: i for i, rule_id in enumerate(sorted(descriptors))}
    results = []
    for f in findings:
        if f.suppressed and not show_suppressed and f.suppression and f.suppression.kind == "config":
            continue
        uri = _relative_uri(f.path, root)
        result = {
            "ruleId": f.rule_id,
            "ruleIndex": index.get(f.rule_id, -1),
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.span.start.line + 1,
                            "startColumn": f.span.start.column + 1,
                            "endLine": f.span.end.line + 1,
                            "endColumn": f.span.end.column + 1,
                        },
                    }
                }
            ],
            "partialFingerprints": {"backlint/v1": f.fingerprint},
            "properties": {"category": f.category, "confidence": f.confidence.label, "role": f.role},
        }
        if f.related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    "message": {"text": r.message},
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": _relative_uri(r.path, root) if r.path else uri,
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {"startLine": r.span.start.line + 1, "startColumn": r.span.start.column + 1},
                    },
                }
                for i, r in enumerate(f.related, start=1)
            ]
        if f.suppression is not None:
            result["suppressions"] = [
                {"kind": "inSource", **({"justification": f.suppression.reason} if f.suppression.reason else {})}
            ]
        results.append(result)
    notifications = [_notification(n, root) for n in notes]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "backlint",
                        "version": version,
                        "rules": [descriptors[rule_id] for rule_id in sorted(descriptors)],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
                "invocations": [
                    {
                        "executionSuccessful": not failed(notes),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _notification(note: Note, root: Path) -> JsonObject:
    return {
        "level": NOTE_LEVEL.get(note.kind, "note"),
        "message": {"text": f"{note.path}: {note.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(note.path, root)}}],
        "properties": {"kind": note.kind},
    }


def _artifact(path: str, root: Path) -> JsonObject:
    uri = _relative_uri(path, root)
    if Path(uri).is_absolute():  # outside the source root: an absolute file URI, no base
        return {"uri": Path(uri).as_uri()}
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _relative_uri(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
