"""Reports for people (text) and machines (JSON, SARIF 2.1.0)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from . import ruledocs
from .model import Finding, Note, Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


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
    for note in notes:
        lines.append(f"{note.path}: {note.kind}: {note.message}")
    active = [f for f in findings if not f.suppressed]
    suppressed = len(findings) - len(active)
    if active:
        by_severity = Counter(f.severity.label for f in active)
        detail = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
        summary = f"Found {len(active)} problem{'s' if len(active) != 1 else ''} ({detail}) in {files_checked} file{'s' if files_checked != 1 else ''}."
    else:
        summary = f"No problems found in {files_checked} file{'s' if files_checked != 1 else ''}."
    if suppressed:
        summary += f" {suppressed} suppressed."
    broken = _files_with_syntax_errors(notes)
    if broken:
        summary += f" {broken} file{'s' if broken != 1 else ''} parsed with syntax errors (see the notes above)."
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
        },
    }
    return json.dumps(document, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nInstead:\n{rule.use_instead}",
            "markdown": f"{rule.why}\n\n**Instead:**\n\n```\n{rule.use_instead}\n```",
        },
        "helpUri": ruledocs.doc_uri(rule.id),
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {
            "category": rule.category,
            "precision": {"high": "high", "medium": "medium", "low": "low"}[rule.confidence.label],
            "tags": ["security" if rule.category != "error-handling" else "reliability", rule.category, *rule.cwe],
        },
    }


def sarif(
    findings: list[Finding], notes: list[Note], rules: Iterable[Rule], *, root: Path, version: str, show_suppressed: bool
) -> str:
    # One reportingDescriptor per rule id (the record is shared by languages).
    descriptors: dict[str, dict] = {}
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
        if f.suppressed:
            result["suppressions"] = [
                {"kind": "inSource", **({"justification": f.suppression.reason} if f.suppression.reason else {})}
            ]
        results.append(result)
    notifications = [
        {
            "level": {"error": "error", "syntax": "warning"}.get(n.kind, "note"),
            "message": {"text": f"{n.path}: {n.message}"},
        }
        for n in notes
    ]
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
                        "executionSuccessful": not any(n.kind == "error" for n in notes),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _relative_uri(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
