"""Rule documentation pages: Markdown rendered from the records, shipped with the package.

`docs/rules/<ID>.md` is generated (`backlint rules --write-docs docs/rules`) and kept in sync by a
test. Two links point at a page:

- `doc_uri`: the installed copy (file://), for the editor's hover and diagnostic link. It works
  offline and matches the installed version, on the machine that shows it.
- `help_uri`: a public web address, for SARIF's `helpUri`. A SARIF report is uploaded and read on
  another machine, where a file:// link is dead, so it is never used there. backlint has no public
  site yet, so by default there is no `helpUri` at all (SARIF carries the whole page in
  `help.markdown` instead); `DOCS_URL` below, or the `BACKLINT_DOCS_URL` environment variable,
  supplies the address once the pages are published somewhere.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from . import languages
from . import rules as catalog


@lru_cache(maxsize=1)
def docs_root() -> Path:
    """docs/rules inside the installed wheel, or in the checkout."""
    packaged = resources.files("backlint") / "docs" / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "docs" / "rules"


@cache
def doc_uri(rule_id: str) -> str:
    """The packaged page, for the editor (a local file:// link)."""
    return (docs_root() / f"{rule_id}.md").resolve().as_uri()


# Where the rule pages are published: the one place to set it. Either a template with `{id}` (and
# optionally `{name}`), e.g. "https://github.com/OWNER/backlint/blob/main/docs/rules/{id}.md", or
# the folder holding the pages, to which "<ID>.md" is appended. Empty: no public page exists, and
# SARIF has no helpUri (a link must open a real page; a guessed address would be dead, or worse,
# someone else's). `BACKLINT_DOCS_URL` overrides it, e.g. for a company mirror of the pages.
DOCS_URL = ""
DOCS_URL_ENV = "BACKLINT_DOCS_URL"


class DocsUrlError(ValueError):
    pass


def docs_url() -> str:
    """The effective template (environment first, then `DOCS_URL`); raises DocsUrlError if invalid."""
    configured = os.environ.get(DOCS_URL_ENV)
    origin = DOCS_URL_ENV if configured is not None else "ruledocs.DOCS_URL"
    template = (configured if configured is not None else DOCS_URL).strip()
    if not template:
        return ""
    if not template.startswith(("https://", "http://")):
        raise DocsUrlError(f"{origin}: {template!r} is not an http(s) URL (SARIF links must open on any machine)")
    if "{" not in template:
        template = template.rstrip("/") + "/{id}.md"
    try:
        template.format(id="BL000", name="rule-name")
    except (KeyError, IndexError, ValueError) as error:
        raise DocsUrlError(f"{origin}: {template!r}: only {{id}} and {{name}} can be filled in ({error})") from None
    return template


def help_uri(rule_id: str, name: str = "") -> str | None:
    """The rule's public page for SARIF's helpUri, or None when there is none (never file://)."""
    template = docs_url()
    return template.format(id=rule_id, name=name) if template else None


def render(rule_id: str) -> str:
    record, per_language = catalog.describe(rule_id)
    lines = [
        f"# {record['id']} {record['name']}",
        "",
        f"*{record['category']}* · default severity **{record['severity']}** · confidence {record['confidence']}",
        "",
        record["summary"].strip(),
        "",
        "## Why it matters",
        "",
        " ".join(record["why"].split()),
    ]
    for rule in per_language:
        fence = languages.fence(rule.language)
        lines += [
            "",
            f"## {languages.LANGUAGES[rule.language].title or rule.language}",
            "",
            "Flagged:",
            "",
            f"```{fence}",
            rule.example,
            "```",
            "",
            "Instead:",
            "",
            f"```{fence}",
            rule.use_instead,
            "```",
        ]
        if rule.fix:
            lines += ["", f"A quick fix (`{rule.fix}`) is offered where the rewrite is certain."]
    roles = record.get("roles", {})
    if roles:
        lines += [
            "",
            "## Where it applies",
            "",
            "Server code at full confidence; elsewhere (see `docs/roles.md`) at most:",
            "",
            "| " + " | ".join(roles) + " |",
            "|" + "---|" * len(roles),
            "| " + " | ".join(roles.values()) + " |",
        ]
    if record.get("enabled") is False:
        lines += ["", f'Off by default: `select = ["{record["id"]}"]` turns it on.']
    lines += [
        "",
        "## Suppressing",
        "",
        f"`backlint: ignore[{record['id']}] -- reason` on the line or the line before;",
        f"`backlint: ignore-file[{record['id']}] -- reason` for a whole file.",
    ]
    if record.get("honours"):
        honoured = ", ".join(f"`{token}`" for token in record["honours"])
        lines += [
            "",
            "Other tools' comments for the same check count too, on the finding's line or where its SQL or",
            f"secret was written (a bare `# noqa` does not): {honoured}.",
        ]
    if record.get("cwe"):
        lines += ["", "## References", ""] + [f"- {cwe}" for cwe in record["cwe"]]
        lines += [f"- <{ref}>" for ref in record.get("references", [])]
    elif record.get("references"):
        lines += ["", "## References", ""] + [f"- <{ref}>" for ref in record["references"]]
    return "\n".join(lines) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for rule_id in catalog.rule_ids():
        path = folder / f"{rule_id}.md"
        path.write_text(render(rule_id), encoding="utf-8")
        written.append(path)
    return written
