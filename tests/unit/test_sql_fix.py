"""The `sql-parameterize` fix: exact rewritten text, and no fix where the result is not certain."""

from __future__ import annotations

import textwrap

import pytest

from backlint.core import engine
from backlint.core.config import Settings
from backlint.core.fixes import FixRequest, apply_edits, compute_fix
from backlint.core.fixes.sql import parameterize

ONLY_SQL = Settings(select=("BL101",))


def _analyse(language: str, source: str):
    analysis = engine.analyze(textwrap.dedent(source), path=f"service.{language}", language=language, settings=ONLY_SQL)
    assert [f.rule_id for f in analysis.findings] == ["BL101"], analysis.findings
    return analysis


def _fixed(language: str, source: str) -> str | None:
    analysis = _analyse(language, source)
    fix = parameterize(FixRequest(finding=analysis.findings[0], analysis=analysis))
    if fix is None:
        return None
    return apply_edits(analysis.source.data, fix.edits).decode()


def _line(text: str | None, needle: str) -> str | None:
    if text is None:
        return None
    return next(line.strip() for line in text.splitlines() if needle in line)


@pytest.mark.parametrize(
    "call,expected",
    [
        (
            "cur.execute(f\"SELECT id FROM users WHERE email = '{email}' AND id = {uid}\")",
            'cur.execute("SELECT id FROM users WHERE email = %s AND id = %s", (email, uid))',
        ),
        (
            "cur.execute(\"SELECT * FROM t WHERE a = '%s' AND b = %d\" % (email, uid))",
            'cur.execute("SELECT * FROM t WHERE a = %s AND b = %s", (email, uid))',
        ),
        (
            'cur.execute("UPDATE u SET n = \'" + email + "\' WHERE id = " + str(uid))',
            'cur.execute("UPDATE u SET n = %s WHERE id = %s", (email, uid))',
        ),
        (
            "cur.execute(\"SELECT * FROM t WHERE n = '{}'\".format(email))",
            'cur.execute("SELECT * FROM t WHERE n = %s", (email,))',
        ),
        (
            "cur.execute(f\"SELECT * FROM t WHERE n = '{email}' AND code LIKE 'A%'\")",
            "cur.execute(\"SELECT * FROM t WHERE n = %s AND code LIKE 'A%%'\", (email,))",
        ),
        (
            "cur.execute(f\"INSERT INTO audit (actor, n) VALUES ('{email}', {uid})\")",
            'cur.execute("INSERT INTO audit (actor, n) VALUES (%s, %s)", (email, uid))',
        ),
    ],
)
def test_psycopg_format_style(call, expected):
    source = f"""
    import psycopg2

    def handler(cur, email, uid):
        {call}
    """
    assert _line(_fixed("python", source), "cur.execute") == expected


def test_sqlite_qmark_style():
    source = """
    import sqlite3

    def handler(conn, name):
        return conn.execute(f"SELECT * FROM products WHERE category = '{name}'").fetchall()
    """
    assert _line(_fixed("python", source), "conn.execute") == (
        'return conn.execute("SELECT * FROM products WHERE category = ?", (name,)).fetchall()'
    )


def test_asyncpg_numbered_arguments():
    source = """
    import asyncpg

    async def handler(conn, slug, limit):
        return await conn.fetch(f"SELECT * FROM posts WHERE slug = '{slug}' LIMIT {limit}")
    """
    assert _line(_fixed("python", source), "conn.fetch") == (
        'return await conn.fetch("SELECT * FROM posts WHERE slug = $1 LIMIT $2", slug, limit)'
    )


def test_django_raw_gets_a_params_list():
    source = """
    from django.db import models

    def people(Person, last_name):
        return Person.objects.raw(f"SELECT * FROM app_person WHERE last_name = '{last_name}'")
    """
    assert _line(_fixed("python", source), "objects.raw") == (
        'return Person.objects.raw("SELECT * FROM app_person WHERE last_name = %s", [last_name])'
    )


@pytest.mark.parametrize(
    "call",
    [
        'cur.execute(f"SELECT * FROM t ORDER BY {table}")',  # a sort column cannot be a parameter
        "cur.execute(f\"SELECT * FROM t WHERE n LIKE '%{email}%'\")",  # the pattern needs rebuilding
        "cur.execute(f\"SELECT * FROM t WHERE n = '{email!r}'\")",  # repr changes the value
        'cur.execute(f"SELECT * FROM t WHERE id IN ({email})")',  # a list, not one value
        "cur.execute(f\"SELECT * FROM t WHERE n = '{email}' AND m = %s\")",  # mixes with existing placeholders
        "cur.execute(f\"SELECT * FROM t WHERE n = '{email}'\", extra)",  # already passes something
    ],
)
def test_no_fix_when_not_certain(call):
    source = f"""
    import psycopg2

    def handler(cur, email, table, extra):
        {call}
    """
    assert _fixed("python", source) is None


def test_no_fix_when_the_driver_is_unknown():
    source = """
    def handler(cur, email):
        cur.execute(f"SELECT * FROM users WHERE email = '{email}'")
    """
    assert _fixed("python", source) is None


def test_no_fix_through_a_variable():
    source = """
    import psycopg2

    def handler(cur, email):
        sql = f"SELECT * FROM users WHERE email = '{email}'"
        cur.execute(sql)
    """
    assert _fixed("python", source) is None


def test_node_postgres_numbered_placeholders():
    source = """
    const { Pool } = require("pg");
    const pool = new Pool();

    async function find(email, id) {
      return pool.query(`SELECT * FROM users WHERE email = '${email}' AND id = ${id}`);
    }
    """
    assert _line(_fixed("javascript", source), "pool.query") == (
        "return pool.query(`SELECT * FROM users WHERE email = $1 AND id = $2`, [email, id]);"
    )


def test_mysql_qmark_before_the_callback():
    source = """
    const mysql = require("mysql2");

    function find(connection, email, done) {
      connection.query("SELECT * FROM users WHERE email = '" + email + "'", (err, rows) => done(err, rows));
    }
    """
    assert _line(_fixed("javascript", source), "connection.query") == (
        'connection.query("SELECT * FROM users WHERE email = ?", [email], (err, rows) => done(err, rows));'
    )


def test_mixed_quotes_become_a_template_literal():
    source = """
    import { Pool } from "pg";

    export async function find(pool: Pool, email: string) {
      return pool.query('SELECT * FROM t WHERE a = \\'' + email + "' AND b = 'it''s'");
    }
    """
    assert _line(_fixed("typescript", source), "pool.query") == (
        "return pool.query(`SELECT * FROM t WHERE a = $1 AND b = 'it''s'`, [email]);"
    )


def test_knex_raw_bindings():
    source = """
    const knex = require("knex")({ client: "pg" });

    async function byName(name) {
      return knex.raw(`SELECT * FROM users WHERE name = '${name}'`);
    }
    """
    assert _line(_fixed("javascript", source), "knex.raw(") == (
        "return knex.raw(`SELECT * FROM users WHERE name = ?`, [name]);"
    )


def test_javascript_no_fix_when_second_argument_may_be_values():
    source = """
    const { Pool } = require("pg");

    async function remove(pool, id, options) {
      return pool.query("DELETE FROM users WHERE id = " + id, options);
    }
    """
    assert _fixed("javascript", source) is None


def test_go_sprintf_to_numbered_arguments():
    source = """
    package store

    import (
    \t"context"
    \t"database/sql"
    \t"fmt"

    \t_ "github.com/lib/pq"
    )

    func find(ctx context.Context, db *sql.DB, email string, id int) *sql.Row {
    \treturn db.QueryRowContext(ctx, fmt.Sprintf("SELECT * FROM users WHERE email = '%s' AND id = %d", email, id))
    }
    """
    assert _line(_fixed("go", source), "QueryRowContext") == (
        'return db.QueryRowContext(ctx, "SELECT * FROM users WHERE email = $1 AND id = $2", email, id)'
    )


def test_go_number_spliced_in_is_no_finding_to_fix():
    source = """
    package store

    import (
    \t"database/sql"
    \t"strconv"

    \t_ "github.com/go-sql-driver/mysql"
    )

    func remove(db *sql.DB, id int) (sql.Result, error) {
    \treturn db.Exec("DELETE FROM users WHERE id = " + strconv.Itoa(id))
    }
    """
    # strconv.Itoa yields digits only: nothing can change the statement, so nothing is reported.
    analysis = engine.analyze(
        textwrap.dedent(source), path="store.go", language="go", settings=Settings(select=("BL101",))
    )
    assert analysis.findings == []


def test_gorm_raw_uses_question_marks():
    source = """
    package store

    import (
    \t"fmt"

    \t"gorm.io/gorm"
    )

    func byName(db *gorm.DB, name string) *gorm.DB {
    \treturn db.Raw(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
    }
    """
    assert _line(_fixed("go", source), "db.Raw") == 'return db.Raw("SELECT * FROM users WHERE name = ?", name)'


def test_go_no_fix_without_a_known_driver():
    source = """
    package store

    import "fmt"

    func byName(db *sql.DB, name string) {
    \tdb.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
    }
    """
    assert _fixed("go", source) is None


@pytest.mark.parametrize(
    "call,expected",
    [
        (
            'return jdbcTemplate.queryForList("SELECT id FROM users WHERE email = \'" + email + "\'");',
            'return jdbcTemplate.queryForList("SELECT id FROM users WHERE email = ?", email);',
        ),
        (
            "return jdbcTemplate.query(String.format(\"SELECT * FROM users WHERE email = '%s'\", email), mapper);",
            'return jdbcTemplate.query("SELECT * FROM users WHERE email = ?", mapper, email);',
        ),
        (
            'return jdbcTemplate.update("DELETE FROM audit WHERE actor = " + actor);',
            'return jdbcTemplate.update("DELETE FROM audit WHERE actor = ?", actor);',
        ),
    ],
)
def test_jdbc_template_varargs(call, expected):
    source = f"""
    class Repo {{
        Object run(String email, String actor) {{
            {call}
        }}
    }}
    """
    assert _line(_fixed("java", source), "jdbcTemplate") == expected


def test_jdbc_statement_is_not_rewritten():
    source = """
    class Repo {
        ResultSet run(Statement st, String email) throws SQLException {
            return st.executeQuery("SELECT * FROM users WHERE email = '" + email + "'");
        }
    }
    """
    assert _fixed("java", source) is None


def test_verified_fix_removes_the_finding():
    source = textwrap.dedent(
        """
        import sqlite3

        def handler(conn, name):
            return conn.execute(f"SELECT * FROM products WHERE category = '{name}'").fetchall()
        """
    )
    analysis = engine.analyze(source, path="shop.py", language="python", settings=ONLY_SQL)
    fix = compute_fix(analysis, analysis.findings[0], ONLY_SQL)
    assert fix is not None
    after = engine.analyze(
        apply_edits(analysis.source.data, fix.edits).decode(), path="shop.py", language="python", settings=ONLY_SQL
    )
    assert after.findings == []


def test_fix_data_is_json_serialisable():
    import json

    analysis = _analyse(
        "python",
        """
        import psycopg2

        def handler(cur, email):
            cur.execute(f"SELECT * FROM users WHERE email = '{email}'")
        """,
    )
    data = json.loads(json.dumps(analysis.findings[0].fix_data))
    assert data["sink"] == "execute" and data["style"] == "f-string"
