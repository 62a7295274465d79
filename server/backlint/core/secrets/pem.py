"""PEM private keys: the header, and whether key material (not `...`, code, or nothing) follows it."""

from __future__ import annotations

import re

from .values import _PLACEHOLDER_IN_TOKEN, entropy

PEM_HEADER = re.compile(r"-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]{0,40}-----")
_ESCAPES = re.compile(r"\\[nrt]")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]+")


# Between the header and the key material: line breaks (real or escaped), quotes and `+` of
# concatenated literals. Encrypted keys add `Proc-Type:`/`DEK-Info:` lines, skipped in code.
_PEM_LEAD = re.compile(r"(?:[\s\"'`+,(]|\\[nrt])*")
_PEM_LINE = re.compile(r"[A-Za-z0-9+/=]{40}")


def pem_body_ok(after_header: str) -> bool:
    """Key material follows the PEM header (not `...`, code, or nothing: a header constant)."""
    window = after_header[:800]
    position = _past_lead(window, 0)
    while window.startswith(("Proc-Type:", "DEK-Info:"), position):
        line_end = min(i for i in (window.find("\n", position), window.find("\\n", position), len(window)) if i >= 0)
        position = _past_lead(window, line_end)
    if _PEM_LINE.match(window, position) is None:
        return False
    boundary = window.find("-----")  # the footer, or another header: key material never has dashes
    if boundary >= 0:
        window = window[:boundary]
    window = _ESCAPES.sub(" ", window)
    material = _NOT_BASE64.sub("", window)
    return len(material) >= 64 and not _PLACEHOLDER_IN_TOKEN.search(window) and entropy(material) >= 4.0


def _past_lead(window: str, position: int) -> int:
    lead = _PEM_LEAD.match(window, position)
    return lead.end() if lead is not None else position  # never None: the lead may be empty


def pem_kind(header_match: re.Match[str]) -> str:
    algorithm = header_match.group(1).strip().lower()
    return f"{algorithm.replace(' ', '-')}-private-key" if algorithm else "private-key"


def pem_blocks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every PEM private key block in `text` with key material after its header."""
    out: list[tuple[int, int, str]] = []
    for match in PEM_HEADER.finditer(text):
        if not pem_body_ok(text[match.end() : match.end() + 800]):
            continue
        end_match = _PEM_END.search(text, match.end(), match.end() + 8000)
        if end_match is not None:
            end = end_match.end()
        else:  # no footer: the key material runs to the first blank line (or as far as we look)
            blank = text.find("\n\n", match.end(), match.end() + 8000)
            end = blank if blank >= 0 else min(len(text), match.end() + 8000)
        out.append((match.start(), end, pem_kind(match)))
    return out
