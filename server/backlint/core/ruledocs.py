"""Rule documentation pages: Markdown rendered from the records, shipped with the package.

`docs/rules/<ID>.md` is generated (`backlint rules --write-docs docs/rules`) and kept in sync by a
test; diagnostics link to the installed copy, so the link works offline and matches the version.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import rules as catalog


@lru_cache(maxsize=1)
def docs_root() -> Path:
    """docs/rules inside the installed wheel, or in the checkout."""
    packaged = resources.files("backlint") / "docs" / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "docs" / "rules"


@lru_cache(maxsize=None)
def doc_uri(rule_id: str) -> str:
    return (docs_root() / f"{rule_id}.md").resolve().as_uri()


FENCE = {"python": "python", "javascript": "javascript", "typescript": "typescript", "go": "go", "java": "java"}
TITLE = {"python": "Python", "javascript": "JavaScript", "typescript": "TypeScript", "go": "Go", "java": "Java"}


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
        fence = FENCE.get(rule.language, "")
        lines += ["", f"## {TITLE.get(rule.language, rule.language)}", "", "Flagged:", "", f"```{fence}", rule.example, "```", "",
                  "Instead:", "", f"```{fence}", rule.use_instead, "```"]
        if rule.fix:
            lines += ["", f"A quick fix (`{rule.fix}`) is offered where the rewrite is certain."]
    roles = record.get("roles", {})
    if roles:
        lines += ["", "## Where it applies", "",
                  "Server code at full confidence; elsewhere (see `docs/roles.md`) at most:", "",
                  "| " + " | ".join(roles) + " |", "|" + "---|" * len(roles), "| " + " | ".join(roles.values()) + " |"]
    if record.get("enabled") is False:
        lines += ["", f"Off by default: `select = [\"{record['id']}\"]` turns it on."]
    lines += ["", "## Suppressing", "", f"`backlint: ignore[{record['id']}] -- reason` on the line or the line before;",
              f"`backlint: ignore-file[{record['id']}] -- reason` for a whole file."]
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
