"""Other linters' suppression comments, read as the decisions they record.

A codebase that already ran bandit, ruff, gosec, golangci-lint, Sonar, ESLint, pylint, semgrep,
detect-secrets or gitleaks carries comments where someone looked at a line and decided
(`# noqa: S608`, `//nolint:errcheck`, `// NOSONAR`). Each rule record lists, under `honours`, the
directives that silence the same check; a finding on such a line is suppressed like one under
`backlint: ignore`, and the comment is named as the reason.

Tokens: `tool` for a directive that names no check (bandit's bare `# nosec` silences every check)
and `tool:CODE` for one that does (`noqa:S608`, `nolint:gosec`, `eslint:no-empty`). A bare `# noqa`
is not read: it is written for line length and style far more often than for security.
"""

from __future__ import annotations

import re

# The comment starts at the first of these; directives are looked for after it.
_COMMENT_START = re.compile(r"#|//|/\*|--")
_NOQA = re.compile(r"\bnoqa\s*:\s*((?:[A-Z]+\d+[\s,]*)+)", re.I)
_NOSEC = re.compile(r"\bnosec\b(?:\s*:?\s*((?:[A-Z]\d{3}\b[\s,]*)+))?", re.I)
_NOLINT = re.compile(r"\bnolint\b(?::([\w,-]+))?")
_NOSONAR = re.compile(r"\bNOSONAR\b", re.I)
_PYLINT = re.compile(r"\bpylint\s*:\s*disable\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*)")
_ESLINT = re.compile(r"\beslint-disable-(line|next-line)\b([^*\n]*)")
_NOSEMGREP = re.compile(r"\bnosemgrep\b(?!\s*:)")
_ALLOWLIST = re.compile(r"\bpragma\s*:\s*allowlist\s+(nextline\s+)?secret\b")
_GITLEAKS = re.compile(r"\bgitleaks:allow\b")
_SPLIT = re.compile(r"[\s,]+")
# Any of the directives, in a line's bytes: one search skips the reading of lines with none.
_MARKERS = re.compile(rb"no(?:qa|sec|lint|semgrep)|NOQA|NOSONAR|pylint|eslint-disable|allowlist|gitleaks")


def any_directive(data: bytes) -> bool:
    return _MARKERS.search(data) is not None


# What a rule record's `honours` may list.
TOKEN = re.compile(
    r"^(noqa|nosec|nolint|pylint|eslint):[\w@/.-]+$|^(nosec|nolint|NOSONAR|nosemgrep|allowlist-secret|gitleaks:allow|eslint)$"
)


def directives(line: str) -> tuple[set[str], set[str]]:
    """The tokens a line's comment holds: (those for this line, those for the next line)."""
    start = _COMMENT_START.search(line)
    if start is None:
        return set(), set()
    comment = line[start.start() :]
    here: set[str] = set()
    following: set[str] = set()
    for match in _NOQA.finditer(comment):
        here.update(f"noqa:{code.upper()}" for code in _SPLIT.split(match.group(1)) if code)
    for match in _NOSEC.finditer(comment):
        codes = [code.upper() for code in _SPLIT.split(match.group(1) or "") if code]
        here.update([f"nosec:{code}" for code in codes] or ["nosec"])
    for match in _NOLINT.finditer(comment):
        names = [name for name in (match.group(1) or "").split(",") if name]
        here.update([f"nolint:{name}" for name in names] or ["nolint"])
    if _NOSONAR.search(comment):
        here.add("NOSONAR")
    for match in _PYLINT.finditer(comment):
        here.update(f"pylint:{name}" for name in _SPLIT.split(match.group(1)) if name)
    for match in _ESLINT.finditer(comment):
        target = here if match.group(1) == "line" else following
        names = [name for name in _SPLIT.split(match.group(2).split("--")[0]) if name]
        target.update([f"eslint:{name}" for name in names] or ["eslint"])
    if _NOSEMGREP.search(comment):
        # semgrep reads it on the line itself or on the line above.
        (following if not line[: start.start()].strip() else here).add("nosemgrep")
    for match in _ALLOWLIST.finditer(comment):
        (following if match.group(1) else here).add("allowlist-secret")
    if _GITLEAKS.search(comment):
        here.add("gitleaks:allow")
    return here, following
