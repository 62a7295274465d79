"""What a model sees about one finding: the rule record, the finding, the code around it and the
file's imports, every piece redacted, bounded and fenced as untrusted data.

`build_subject` does the redaction once; `user_turn` renders the text. Both are pure, so "show what
would be sent" and the real request are the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ..core import languages
from ..core import rules as rule_catalog
from ..core.model import Finding
from . import prompts
from .redact import Finder, Redactor, SecretSpan, hits_in

WINDOW_LINES = 8  # lines shown before and after the lines a fix may replace
MAX_EDIT_LINES = 120  # a larger context is narrowed to the lines around the finding
EDIT_LINES_AROUND = 20
MAX_IMPORT_LINES = 30
MAX_LINE_CHARS = 400  # a minified line is cut, so one line cannot blow the token budget

# Import lines, shown beside the code, per language (from its spec in core/languages.py).
_IMPORTS = {spec.name: re.compile(spec.import_line) for spec in languages.LANGUAGES.values() if spec.import_line}
_MASKED = re.compile(r"\S{0,4}…\(\d+ chars\)")
_QUOTED = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`")


@dataclass(frozen=True)
class Subject:
    """One finding, ready to describe to a model. Every code string here is already redacted."""

    rule_id: str
    rule_name: str
    category: str
    severity: str
    confidence: str
    message: str
    summary: str
    why: str
    use_instead: str
    cwe: tuple[str, ...]
    references: tuple[str, ...]
    path: str
    language: str
    fingerprint: str
    finding_line: int  # 1-based, as the editor shows it
    finding_column: int
    edit_first: int  # 1-based whole lines a fix may replace
    edit_last: int
    window_first: int
    window_code: str
    edit_code: str
    imports: str
    # The other places the finding is about, as "path:line: what happens there" (where the SQL was
    # built, the helper that runs it in another file): the chain the message names.
    related: tuple[str, ...] = ()
    placeholders: dict[str, str] = field(default_factory=dict)  # placeholder -> kind
    clipped_lines: tuple[int, ...] = ()  # 1-based lines shown cut short: a fix must not replace them

    @property
    def fence_language(self) -> str:
        return languages.fence(self.language, default=self.language)


MAX_RELATED = 5


def display_path(path: str, root: str = "") -> str:
    """The path relative to the workspace, or only the file name: home folders stay on the machine."""
    if root:
        try:
            return PurePath(path).relative_to(root).as_posix()
        except ValueError:
            pass
    return PurePath(path).name


def edit_lines(finding: Finding) -> tuple[int, int]:
    """0-based first and last whole lines a fix may replace: the @context range, narrowed when huge."""
    span = finding.context or finding.span
    first, last = span.start.line, span.end.line
    if span.end.column == 0 and last > first:
        last -= 1  # a context ending at a line start does not own that line
    if last - first + 1 > MAX_EDIT_LINES:
        first = max(first, finding.span.start.line - EDIT_LINES_AROUND)
        last = min(last, finding.span.end.line + EDIT_LINES_AROUND)
    return first, last


def _secret_finding_spans(analysis, start_byte: int, end_byte: int) -> list[SecretSpan]:
    """Every secret finding in the window is redacted even if the detector misses it: the rules see
    what a text scan cannot (a password passed positionally to `smtp.login`). Suppressed findings
    too: a suppressed secret is still a secret."""
    data = analysis.source.data
    out: list[SecretSpan] = []
    for finding in analysis.findings:
        if finding.category != "secret":
            continue
        start, end = max(finding.span.start_byte, start_byte), min(finding.span.end_byte, end_byte)
        if start >= end:
            continue
        prefix = len(data[start_byte:start].decode("utf-8", "replace"))
        value = data[start:end].decode("utf-8", "replace")
        kind = finding.rule_name or "secret"
        if len(value) >= 2 and value[0] in "\"'`" and value[-1] == value[0]:
            out.append(SecretSpan(prefix, prefix + len(value), kind))
            continue
        quoted = [
            SecretSpan(prefix + m.start(), prefix + m.end(), kind)
            for m in _QUOTED.finditer(value)
            if m.end() - m.start() > 2
        ]
        out.extend(quoted or [SecretSpan(prefix, prefix + len(value), kind)])
    return out


def _file_hits_in_window(analysis, finder: Finder, start_byte: int, window: str) -> list[SecretSpan]:
    """Secrets found in the whole file, clipped to the window: a window that starts inside a PEM
    block or a multi-line string would not show the detector the header that identifies it."""
    text = analysis.source.text
    offset = len(analysis.source.data[:start_byte].decode("utf-8", "replace"))
    end = offset + len(window)
    out = []
    for hit in hits_in(text, finder):
        if hit.end <= offset or hit.start >= end:
            continue
        out.append(SecretSpan(max(hit.start, offset) - offset, min(hit.end, end) - offset, hit.kind))
    return out


def _clip(line: str) -> str:
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " …"


def build_subject(analysis, finding: Finding, *, finder: Finder, root: str = "") -> Subject:
    """Raises redact.DetectorUnavailable when secrets cannot be found (then nothing is sent)."""
    lines = analysis.lines
    data = analysis.source.data
    first, last = edit_lines(finding)
    count = lines.line_count
    window_first = max(0, first - WINDOW_LINES)
    window_last = min(count - 1, last + WINDOW_LINES)
    start_byte = lines.starts[window_first]
    end_byte = lines.starts[window_last + 1] if window_last + 1 < count else len(data)
    raw = data[start_byte:end_byte].decode("utf-8", "replace").rstrip("\r\n")
    redactor = Redactor(finder)
    spans = _secret_finding_spans(analysis, start_byte, end_byte) + _file_hits_in_window(
        analysis, finder, start_byte, raw
    )
    # Line breaks inside a secret (a PEM key) are kept, so the line numbers stay the editor's.
    window = redactor.redact(raw, spans, keep_lines=True)
    full_lines = [line.rstrip("\r") for line in window.split("\n")]
    window_lines = [_clip(line) for line in full_lines]
    clipped = tuple(window_first + 1 + n for n, line in enumerate(full_lines) if len(line) > MAX_LINE_CHARS)
    edit_code = "\n".join(window_lines[first - window_first : last - window_first + 1])
    imports = _imports(analysis, redactor)
    rule = rule_catalog.find_rule(analysis.language, finding.rule_id)
    # A masked secret in a message still shows its first characters: none of them leave the machine.
    message = _MASKED.sub("<masked>", redactor.redact(finding.message))
    return Subject(
        rule_id=finding.rule_id,
        rule_name=finding.rule_name,
        category=finding.category,
        severity=finding.severity.label,
        confidence=finding.confidence.label,
        message=message,
        summary=rule.summary if rule else "",
        why=rule.why if rule else "",
        use_instead=rule.use_instead if rule else "",
        cwe=rule.cwe if rule else (),
        references=rule.references if rule else (),
        path=display_path(analysis.path or "", root),
        language=analysis.language,
        fingerprint=finding.fingerprint,
        finding_line=finding.span.start.line + 1,
        finding_column=finding.span.start.column + 1,
        edit_first=first + 1,
        edit_last=last + 1,
        window_first=window_first + 1,
        window_code="\n".join(window_lines),
        edit_code=edit_code,
        imports=imports,
        related=tuple(
            f"{display_path(r.path, root) if r.path else display_path(analysis.path or '', root)}:"
            f"{r.span.start.line + 1}: {_MASKED.sub('<masked>', redactor.redact(r.message))}"
            for r in finding.related[:MAX_RELATED]
        ),
        placeholders=dict(redactor.kinds),
        clipped_lines=clipped,
    )


def _imports(analysis, redactor: Redactor) -> str:
    pattern = _IMPORTS.get(analysis.language)
    if pattern is None:
        return ""
    found = []
    lines = analysis.lines
    in_go_block = False
    for number in range(min(lines.line_count, 400)):
        text = lines.line_text(number)
        if analysis.language == "go":
            stripped = text.strip()
            if stripped.startswith("import ("):
                in_go_block = True
                found.append(text)
                continue
            if in_go_block:
                found.append(text)
                in_go_block = stripped != ")"
                continue
        if pattern.match(text):
            found.append(text)
        if len(found) >= MAX_IMPORT_LINES:
            break
    return redactor.redact("\n".join(_clip(line) for line in found))


def user_turn(subject: Subject, purpose: str) -> str:
    """The per-finding part of the request (the system prompt is sent separately, cached)."""
    parts = [
        f"Task: {purpose}",
        "",
        "## Finding",
        (
            f"{subject.rule_id} {subject.rule_name} ({subject.category}; severity {subject.severity}, "
            f"confidence {subject.confidence})"
        ),
        f"Message: {subject.message}",
        *(f"Related: {line}" for line in subject.related),
        f"File: {subject.path} ({subject.language}), line {subject.finding_line}, column {subject.finding_column}",
        f"Context lines: {subject.edit_first}-{subject.edit_last}",
        "",
        "## Rule record",
        f"Summary: {subject.summary}",
        f"Why: {' '.join(subject.why.split())}",
    ]
    if subject.cwe:
        parts.append(f"CWE: {', '.join(subject.cwe)}")
    if subject.use_instead:
        parts += ["Use instead:", f"```{subject.fence_language}", subject.use_instead, "```"]
    parts += ["", "## Code", prompts.UNTRUSTED_NOTE, ""]
    if subject.imports:
        parts += [
            "Imports of the file:",
            prompts.fence_code(subject.imports, language=subject.language, first_line=1),
            "",
        ]
    parts += [
        "Code around the finding:",
        prompts.fence_code(
            subject.window_code,
            language=subject.language,
            first_line=subject.window_first,
            mark_lines=range(subject.edit_first, subject.edit_last + 1),
        ),
    ]
    if subject.placeholders:
        parts += ["", "Redacted secrets (never guess their values): " + ", ".join(sorted(subject.placeholders))]
    task = prompts.FIX_TASK if purpose == "fix" else prompts.EXPLAIN_TASK
    parts += [
        "",
        "## Your task",
        task.format(language=subject.language, first=subject.edit_first, last=subject.edit_last),
    ]
    return "\n".join(parts) + "\n"
