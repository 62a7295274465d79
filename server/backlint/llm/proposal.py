"""A fix proposed by a model, checked before anyone is offered it.

The model replaces whole lines inside the finding's context. The proposal is rejected, with a
reason for the user, when: the reply has no code block or says NO_FIX; the lines reach outside the
context; it is too large; it keeps a redacted secret inside a string; it carries anything the secret
detector flags; it adds a process, eval or shell call the code did not make; or the edited file does
not re-parse, still has the finding, or gains another one (`core.fixes.verify`).
A placeholder left as a whole literal becomes an environment lookup, never the original value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import languages
from ..core.fixes import Edit, verify
from ..core.model import Finding
from .payload import Subject
from .redact import PLACEHOLDER, Finder, hits_in

MAX_REPLACEMENT_CHARS = 20_000
GROWTH_FACTOR = 4  # a fix may be this many times the original lines, plus a fixed allowance
GROWTH_ALLOWANCE = 1_200

_FENCE = re.compile(r"^[ \t]*```([^\n`]*)\n(.*?)^[ \t]*```[ \t]*$", re.DOTALL | re.MULTILINE)
_RANGE = re.compile(r"lines?\s*[=:]?\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*\d+\s*>?\|\s?")
_ASSIGNED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[\"']?\s*(?::=|=|:)\s*$")

# Calls a fix for one of backlint's findings never needs (an injected instruction would ask for them),
# and how each language reads an environment variable: both from the language's spec.
DANGEROUS_CALLS = {spec.name: spec.dangerous_calls for spec in languages.LANGUAGES.values()}
ENV_LOOKUP = {spec.name: spec.env_lookup for spec in languages.LANGUAGES.values() if spec.env_lookup}


class Rejected(Exception):
    """The proposal is not offered; `str()` is the reason, for the user."""


@dataclass
class Proposal:
    first: int  # 1-based lines replaced
    last: int
    code: str
    note: str = ""  # the model's sentence(s) after the block


@dataclass
class CheckedFix:
    edits: list[Edit]
    note: str
    env_names: list[str] = field(default_factory=list)


def parse_reply(text: str, subject: Subject) -> Proposal:
    stripped = text.strip()
    marker = re.search(r"^NO_FIX:\s*(.*)$", stripped, re.MULTILINE)
    blocks = list(_FENCE.finditer(text))
    if marker and not blocks:
        raise Rejected(f"the backend expert found no safe fix: {marker.group(1).strip() or 'no reason given'}")
    if not blocks:
        raise Rejected("the backend expert's reply had no code block to apply")
    chosen = next((b for b in blocks if _RANGE.search(b.group(1))), blocks[0])
    info, code = chosen.group(1), chosen.group(2)
    found = _RANGE.search(info)
    if found:
        first = int(found.group(1))
        last = int(found.group(2) or found.group(1))
    else:
        first, last = subject.edit_first, subject.edit_last
    code = code.removesuffix("\n")
    lines = code.split("\n")
    if all(_NUMBERED.match(line) for line in lines if line.strip()):
        code = "\n".join(_NUMBERED.sub("", line, count=1) for line in lines)
    note = text[chosen.end() :].strip()
    return Proposal(first, last, code, note[:600])


def env_name(placeholder_kind: str, number: int, before: str) -> str:
    assigned = _ASSIGNED.search(before)
    if assigned:
        name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", assigned.group(1)).upper()
    else:
        name = re.sub(r"[^A-Za-z0-9]+", "_", placeholder_kind).strip("_").upper() or "SECRET"
        if number > 1:
            name += f"_{number}"
    return name


def replace_placeholders(code: str, language: str) -> tuple[str, list[str]]:
    """A placeholder standing as a whole literal (or bare) becomes an environment lookup; one inside a
    longer string cannot be rewritten safely and rejects the proposal."""
    template = ENV_LOOKUP.get(language, 'os.environ["{name}"]')
    names: list[str] = []
    out: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(code):
        start, end = match.start(), match.end()
        before, after = code[last:start], code[end:]
        quoted = bool(before) and before[-1] in "\"'`" and after[:1] == before[-1]
        if quoted:
            start, end = start - 1, end + 1
        elif _inside_string(code[:start]):
            raise Rejected(
                "the proposed fix keeps a redacted secret inside a longer string; move the whole value "
                "to an environment variable"
            )
        line_start = code.rfind("\n", 0, start) + 1
        name = env_name(match.group(1), int(match.group(2)), code[line_start:start])
        names.append(name)
        out.append(code[last:start])
        out.append(template.format(name=name))
        last = end
    out.append(code[last:])
    return "".join(out), names


def _inside_string(prefix: str) -> bool:
    line = prefix[prefix.rfind("\n") + 1 :]
    return any((line.count(quote) - line.count("\\" + quote)) % 2 == 1 for quote in ('"', "'", "`"))


def _line_bytes(analysis, first: int, last: int) -> tuple[int, int]:
    """Byte range of 1-based whole lines first..last, without the last line's break."""
    lines = analysis.lines
    data = analysis.source.data
    start = lines.starts[first - 1]
    end = lines.starts[last] if last < lines.line_count else len(data)
    while end > start and data[end - 1 : end] in (b"\n", b"\r"):
        end -= 1
    return start, end


def _newline(data: bytes) -> str:
    return "\r\n" if b"\r\n" in data[:10_000] else "\n"


def check(reply: str, *, subject: Subject, analysis, finding: Finding, finder: Finder, settings=None) -> CheckedFix:
    proposal = parse_reply(reply, subject)
    if proposal.first > proposal.last or proposal.first < subject.edit_first or proposal.last > subject.edit_last:
        raise Rejected(
            f"the proposed edit (lines {proposal.first}-{proposal.last}) reaches outside the finding's context "
            f"(lines {subject.edit_first}-{subject.edit_last})"
        )
    cut = [n for n in subject.clipped_lines if proposal.first <= n <= proposal.last]
    if cut:
        raise Rejected(f"line {cut[0]} is too long to have been shown whole, so a rewrite of it cannot be trusted")
    if "<untrusted-code" in proposal.code or "</untrusted-code" in proposal.code:
        raise Rejected("the proposed fix contains the prompt's code markers")
    start, end = _line_bytes(analysis, proposal.first, proposal.last)
    original = analysis.source.data[start:end].decode("utf-8", "replace")
    bound = min(MAX_REPLACEMENT_CHARS, GROWTH_FACTOR * len(original) + GROWTH_ALLOWANCE)
    if len(proposal.code) > bound:
        raise Rejected(
            f"the proposed fix is {len(proposal.code):,} characters, over the {bound:,} allowed for this context"
        )
    code, names = replace_placeholders(proposal.code, analysis.language)
    secrets = hits_in(code, finder)
    if secrets:
        raise Rejected(f"the proposed fix contains what looks like a secret ({secrets[0].kind})")
    for call in DANGEROUS_CALLS.get(analysis.language, ()):
        if code.count(call) > original.count(call):
            raise Rejected(f"the proposed fix adds `{call.rstrip('(.')}`, which this finding does not need")
    newline = _newline(analysis.source.data)
    code = code.replace("\r\n", "\n").replace("\n", newline)
    if code == original:
        raise Rejected("the proposed fix changes nothing")
    edits = [Edit(start, end, code)]
    if names:
        edits += _import_edits(analysis, start, newline)
    reason = verify(analysis, finding, edits, settings)
    if reason is not None:
        raise Rejected(reason)
    return CheckedFix(edits, proposal.note, names)


def _import_edits(analysis, edit_start: int, newline: str) -> list[Edit]:
    """The import an environment lookup needs (Python and Go), when the file lacks it."""
    text = analysis.source.text
    root = analysis.tree.root_node
    if analysis.language == "python":
        if re.search(r"^\s*import\s+(?:[\w.]+\s*,\s*)*os\b(?!\.)", text, re.MULTILINE):
            return []
        at = 0
        for node in root.children:
            if node.type in ("comment", "future_import_statement") or (
                node.type == "expression_statement" and node.named_children and node.named_children[0].type == "string"
            ):
                at = analysis.lines.starts[min(node.end_point[0] + 1, analysis.lines.line_count - 1)]
                continue
            break
        return [Edit(at, at, f"import os{newline}")] if at < edit_start else []
    if analysis.language == "go":
        if re.search(r'^\s*(?:import\s+)?(?:\w+\s+)?"os"\s*$', text, re.MULTILINE):
            return []
        for node in root.children:
            if node.type == "package_clause":
                at = node.end_byte
                return [Edit(at, at, f'{newline}{newline}import "os"')] if at < edit_start else []
    return []
