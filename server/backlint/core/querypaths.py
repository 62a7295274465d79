"""Where the query files live, for the rule catalog and for the checks' helper queries alike.

Below both: `rules` imports the checks (to know their names), so the checks cannot import `rules`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import languages


class CatalogError(Exception):
    """The rule catalog itself is broken: a packaging or authoring error, never the user's code."""


def queries_root() -> Path:
    """queries/ inside the installed wheel, or beside server/ in a checkout."""
    packaged = resources.files("backlint") / "queries"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "queries"
    if checkout.is_dir():
        return checkout
    raise CatalogError("backlint's queries/ folder is missing from this installation")


def query_files(language_name: str, name: str) -> list[Path]:
    """The files whose patterns make up rule `name` in a language: the inherited folder's
    `<name>.scm` first, then the language's own `<name>.scm` (extra patterns), then its own
    `<name>.local.scm` (patterns only this folder's grammars compile, never inherited)."""
    root = queries_root()
    folders = languages.query_folders(language_name)
    files = [root / folder / f"{name}.scm" for folder in reversed(folders)]
    files.append(root / folders[0] / f"{name}.local.scm")
    return [path for path in files if path.is_file()]
