"""Hover over a finding: what the rule is, why it matters, what to write instead, and its link."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core import rules
from ..core.model import Finding, Rule
from .convert import span_range
from .documents import Document, offset_of

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)

_FENCE_LANGUAGE = {"tsx": "tsx", "typescript": "typescript", "javascript": "javascript"}


def rule_of(language: str, rule_id: str) -> Rule | None:
    for compiled in rules.rules_for(language):
        if compiled.rule.id == rule_id:
            return compiled.rule
    return None


def findings_at(document: Document, line: int, character: int, encoding: str) -> list[Finding]:
    if document.analysis is None:
        return []
    offset = offset_of(document.lines, line, character, encoding)
    return [f for f in document.analysis.active() if f.span.start_byte <= offset <= f.span.end_byte]


def rule_markdown(rule: Rule, finding: Finding) -> str:
    fence = _FENCE_LANGUAGE.get(rule.language, rule.language)
    parts = [
        f"**{rule.name}** ({rule.id}): {finding.message}",
        rule.summary,
        rule.why,
        f"Instead:\n\n```{fence}\n{rule.use_instead.strip()}\n```",
        f"[{rule.id}: {rule.name}]({rule.help_uri})",
    ]
    return "\n\n".join(p for p in parts if p)


def register(server: "BacklintServer") -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @server.fence("hover")
    def hover(params: types.HoverParams) -> types.Hover | None:
        document = server.store.get(params.text_document.uri)
        if document is None:
            return None
        found = findings_at(document, params.position.line, params.position.character, server.store.encoding)
        if not found:
            return None
        sections = []
        for finding in found:
            rule = rule_of(document.language, finding.rule_id)
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
        first = found[0]
        lines = document.analysis.lines if document.analysis and document.analysis.lines else document.lines
        kind = types.MarkupKind.Markdown if server.client.markdown_hover else types.MarkupKind.PlainText
        return types.Hover(
            contents=types.MarkupContent(kind=kind, value="\n\n---\n\n".join(sections)),
            range=span_range(lines, first.span, server.store.encoding),
        )
