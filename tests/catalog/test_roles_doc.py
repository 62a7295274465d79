"""docs/roles.md shows the same per-role defaults as the rule records."""

from __future__ import annotations

import re
from pathlib import Path

from backlint.core import rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
ORDER = ("test", "vendored", "generated", "browser", "migration", "script")


def test_roles_table_matches_the_records():
    text = DOC.read_text(encoding="utf-8")
    table = re.search(r"<!-- roles-table -->\n(.*?)\n<!-- /roles-table -->", text, re.S)
    assert table, "docs/roles.md lost its roles table markers"
    rows = {}
    for line in table.group(1).splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].split()[0]] = tuple(cells[1:])
    records = rules.shared_records()
    assert rows == {rule_id: tuple(record["roles"][role] for role in ORDER) for rule_id, record in records.items()}
