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
from pathlib import Path
from typing import Any

from . import ruledocs
from .model import Finding, Note, Rule, Severity

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


def text(findings: list[Finding], notes: list[Note], *, files_checked: int, show_suppressed: bool) -> str:
    lines = []
    for f in findings:
        if f.suppressed and not show_suppressed:
            continue
        tag = " (suppressed)" if f.suppressed else ""
        lines.append(
            f"{f.path}:{f.span.start.line + 1}:{f.span.start.column + 1}: {f.rule_id} "
            f"[{f.severity.label}] {f.message}{tag}"
        )
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
    lines.append(summary)
    return "\n".join(lines) + "\n"


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
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
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
