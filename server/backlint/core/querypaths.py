"""Where the query files live, for the rule catalog and for the checks' helper queries alike.

Below both: `rules` imports the checks (to know their names), so the checks cannot import `rules`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


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
