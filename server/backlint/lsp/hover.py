"""Hover over a finding: what the rule is, why it matters, what to write instead, and its link."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core import languages, ruledocs, rules
from ..core.model import Finding, Rule
from .convert import to_range
from .documents import Document, offset_of

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)


def current_span(document: Document, finding: Finding) -> tuple[int, int] | None:
    """The finding's bytes in the document's current text: the last analysis moved through the edits
    made since (typing goes on while the debounce waits); None when the text was replaced whole."""
    if document.analysis is None or document.full_revision > (document.analysed_revision or 0):
        return None
    start, end = finding.span.start_byte, finding.span.end_byte
    for _revision, edit in document.pending:
        start, end = edit.map(start), edit.map(end)
    return start, end


def findings_at(document: Document, line: int, character: int, encoding: str) -> list[Finding]:
    if document.analysis is None:
        return []
    offset = offset_of(document.lines, line, character, encoding)
    found = []
    for finding in document.analysis.active():
        span = current_span(document, finding)
        if span is not None and span[0] <= offset <= span[1]:
            found.append(finding)
    return found


def rule_markdown(rule: Rule, finding: Finding) -> str:
    fence = languages.fence(rule.language, default=rule.language)
    parts = [
        f"**{rule.name}** ({rule.id}): {finding.message}",
        rule.summary,
        rule.why,
        f"Instead:\n\n```{fence}\n{rule.use_instead.strip()}\n```",
        _related_lines(finding),
        f"[{rule.id}: {rule.name}]({ruledocs.doc_uri(rule.id)})",
        _role_line(finding),
    ]
    return "\n\n".join(p for p in parts if p)


def _related_lines(finding: Finding) -> str:
    """The other places the finding is about (where the SQL was built, the function that runs it),
    with their file when it is another one."""
    lines = []
    for related in finding.related:
        where = f"{os.path.basename(related.path)}:" if related.path else "line "
        lines.append(f"- {related.message} ({where}{related.span.start.line + 1})")
    return "Related:\n\n" + "\n".join(lines) if lines else ""


def _role_line(finding: Finding) -> str:
    """Where backlint thinks the file sits, so a surprising verdict can be corrected in settings."""
    why = f" ({finding.role_reason})" if finding.role_reason not in ("", "default") else ""
    return (
        f"File role: {finding.role}{why}, confidence {finding.confidence.label}. "
        "Change it with `roles` in `[tool.backlint]`."
    )


def register(server: BacklintServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @server.fence("hover")
    async def hover(params: types.HoverParams) -> types.Hover | None:
        document = server.store.get(params.text_document.uri)
        if document is None:
            return None
        if document.analysed_revision is None:
            # Opened moments ago (its first diagnostics may have gone out before the server was up,
            # first_diagnostics.py): the user points at one of them, so wait for the analysis.
            await server.analyzer.analysis_underway(document)
            if server.store.get(params.text_document.uri) is not document:
                return None
        found = findings_at(document, params.position.line, params.position.character, server.store.encoding)
        if not found:
            return None
        sections = []
        for finding in found:
            rule = rules.find_rule(document.language, finding.rule_id)
            if rule is None:
                continue
            sections.append(rule_markdown(rule, finding))
            for provider in server.hover_providers:
                try:
                    extra = provider(document, finding)
                except Exception as error:  # one provider failing must not hide the rule text
                    server.fail("hover provider", error)
                    continue
                if extra:
                    sections.append(extra)
        if not sections:
            return None
        span = current_span(document, found[0])
        if span is None:  # never: findings_at found it at its current span
            return None
        start, end = span
        kind = types.MarkupKind.Markdown if server.client.markdown_hover else types.MarkupKind.PlainText
        return types.Hover(
            contents=types.MarkupContent(kind=kind, value="\n\n---\n\n".join(sections)),
            range=to_range(document.lines, start, end, server.store.encoding),
        )
