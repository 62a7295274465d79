"""Builders and helpers across files, by the shape of what they return: text the code chose (a sort
clause from its own columns, numbered placeholders) splices nothing in; a parameter kept as text, a
field of it, or a list filled from it in a loop is the parameter spliced in."""

from __future__ import annotations

from pathlib import Path

from .test_sql_runners import check

QUERIES_TS = """\
export const COLUMNS = 'i.id, i.number, i.total';
const SORTABLE = new Map([['issued', 'i.issued_at'], ['total', 'i.total']]);

export function sortClause(key: string | undefined, descending: boolean): string {
  const column = (key && SORTABLE.get(key)) || 'i.issued_at';
  return `ORDER BY ${column} ${descending ? 'DESC' : 'ASC'}`;
}

export function positional(count: number, offset = 0): string {
  return Array.from({ length: count }, (_, i) => `$${i + 1 + offset}`).join(', ');
}

export function rawOrder(column: string): string {
  return `ORDER BY ${column}`;
}
"""
SERVICE_TS = """\
import { Pool } from 'pg';
import { COLUMNS, positional, rawOrder, sortClause } from './queries';

const pool = new Pool();

export function sorted(key: string, descending: boolean) {
  return pool.query(`SELECT ${COLUMNS} FROM invoices i ${sortClause(key, descending)}`);
}

export function some(ids: string[]) {
  return pool.query(`SELECT ${COLUMNS} FROM invoices i WHERE i.id IN (${positional(ids.length)})`, ids);
}

export function unsafeOrder(column: string) {
  return pool.query(`SELECT ${COLUMNS} FROM invoices i ${rawOrder(column)}`);
}
"""


def test_helpers_of_another_file_that_return_text_their_code_chose(tmp_path: Path):
    (tmp_path / "package.json").write_text('{"name": "billing"}', encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "queries.ts").write_text(QUERIES_TS, encoding="utf-8")
    (tmp_path / "src" / "service.ts").write_text(SERVICE_TS, encoding="utf-8")
    found = check("src", cwd=tmp_path, rules=("BL101", "BL103"))
    # Only the helper that hands its parameter back: a sort clause from the map, numbered
    # placeholders, are the code's own text.
    assert [(f["path"], f["start"]["line"]) for f in found] == [("src/service.ts", 15)]


SQL_JAVA = """\
package com.shop.sql;

import java.util.ArrayList;
import java.util.List;

public final class TicketSql {
    public static String searchByTitle(String term) {
        return "SELECT id FROM tickets WHERE lower(title) LIKE '%" + term.toLowerCase() + "%'";
    }

    public static String labelFilter(List<String> labels) {
        List<String> parts = new ArrayList<>();
        for (String label : labels) {
            parts.add("name = '" + label + "'");
        }
        return "SELECT ticket_id FROM ticket_labels WHERE " + String.join(" OR ", parts);
    }
}
"""
SERVICE_JAVA = """\
package com.shop.service;

import com.shop.sql.TicketSql;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

public class TicketService {
    private final JdbcTemplate jdbc;

    public TicketService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Object search(String term) {
        String sql = TicketSql.searchByTitle(term);
        return jdbc.queryForList(sql);
    }

    public Object byLabels(List<String> labels) {
        return jdbc.queryForList(TicketSql.labelFilter(labels));
    }

    public Object bugs() {
        return jdbc.queryForList(TicketSql.labelFilter(List.of("bug")));
    }
}
"""
BUILDER_GO = """\
package querybuilder

import (
\t"fmt"
\t"strings"
)

type Filter struct {
\tCarrier string
\tRegion  string
}

func FilterQuery(f Filter) string {
\tvar sb strings.Builder
\tsb.WriteString("SELECT id FROM shipments WHERE 1=1")
\tif f.Carrier != "" {
\t\tsb.WriteString(fmt.Sprintf(" AND carrier = '%s'", f.Carrier))
\t}
\treturn sb.String()
}
"""
SERVICE_GO = """\
package service

import (
\t"database/sql"

\t"example.com/ship/internal/querybuilder"
)

func Dashboard(db *sql.DB, f querybuilder.Filter) (*sql.Rows, error) {
\tquery := querybuilder.FilterQuery(f)
\treturn db.Query(query)
}
"""


def test_builders_that_keep_a_parameter_as_text_loop_over_it_or_read_its_fields(tmp_path: Path):
    java = tmp_path / "java" / "src" / "main" / "java" / "com" / "shop"
    (java / "sql").mkdir(parents=True)
    (java / "service").mkdir(parents=True)
    (tmp_path / "java" / "pom.xml").write_text("<project/>", encoding="utf-8")
    (java / "sql" / "TicketSql.java").write_text(SQL_JAVA, encoding="utf-8")
    (java / "service" / "TicketService.java").write_text(SERVICE_JAVA, encoding="utf-8")
    go = tmp_path / "go"
    (go / "internal" / "querybuilder").mkdir(parents=True)
    (go / "internal" / "service").mkdir(parents=True)
    (go / "go.mod").write_text("module example.com/ship\n\ngo 1.22\n", encoding="utf-8")
    (go / "internal" / "querybuilder" / "builder.go").write_text(BUILDER_GO, encoding="utf-8")
    (go / "internal" / "service" / "service.go").write_text(SERVICE_GO, encoding="utf-8")
    found = check("java", "go", cwd=tmp_path, rules=("BL101", "BL103"))
    assert sorted((Path(f["path"]).name, f["start"]["line"]) for f in found) == [
        ("TicketService.java", 16),
        ("TicketService.java", 20),
        ("service.go", 11),
    ]


def test_helpers_returning_each_others_results_in_a_circle_of_imports_end(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "a.py").write_text("from .b import column_b\n\n\ndef column_a():\n    return column_b()\n", encoding="utf-8")
    (app / "b.py").write_text("from .a import column_a\n\n\ndef column_b():\n    return column_a()\n", encoding="utf-8")
    (app / "views.py").write_text(
        "from .a import column_a\n\n\ndef report(cursor, name):\n"
        '    cursor.execute("SELECT " + column_a() + " FROM t WHERE name = \'" + name + "\'")\n',
        encoding="utf-8",
    )
    found = check("app", cwd=tmp_path, rules=("BL101",))
    assert [(f["path"], f["start"]["line"]) for f in found] == [("app/views.py", 5)]
