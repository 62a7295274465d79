"""BL103 across files, through the real CLI: SQL built in one module and run by a helper imported
from another, by name, through the module, by a relative import; and a cached result re-checked when
the helper's file changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = (
    "def run_query(conn, sql):\n    cursor = conn.cursor()\n    cursor.execute(sql)\n    return cursor.fetchall()\n"
)
NOT_A_RUNNER = "def run_query(conn, sql):\n    return [line for line in sql.splitlines()]\n"
HANDLERS = """from app.db import run_query
from . import db
from .db import run_query as fetch


def by_name(conn, name):
    return run_query(conn, f"SELECT * FROM users WHERE name = '{name}'")


def by_module(conn, name):
    return db.run_query(conn, "SELECT * FROM users WHERE name = '" + name + "'")


def by_alias(conn, name):
    return fetch(conn, "SELECT * FROM users WHERE name = '%s'" % name)


def constant(conn):
    return run_query(conn, "SELECT count(*) FROM users")
"""
DB_JS = """const { Pool } = require("pg");
const pool = new Pool();

async function fetchRows(sql) {
  const { rows } = await pool.query(sql);
  return rows;
}

module.exports = { fetchRows };
"""
ROUTES_JS = """const { fetchRows } = require("./db");
const db = require("./db");
import { fetchRows as rows } from "./db";

async function byCustomer(req) {
  return fetchRows(`SELECT * FROM orders WHERE customer = '${req.query.customer}'`);
}

async function byId(req) {
  return db.fetchRows("SELECT * FROM orders WHERE id = '" + req.params.id + "'");
}

async function byStatus(req) {
  return rows(`SELECT * FROM orders WHERE status = '${req.query.status}'`);
}

async function open() {
  return fetchRows("SELECT * FROM orders WHERE status = 'open'");
}
"""


def check(*args: str, cwd: Path, rules: tuple[str, ...] = ("BL103",)) -> list[dict]:
    environment = {k: v for k, v in os.environ.items() if k != "BACKLINT_CACHE_DIR"}
    result = subprocess.run(
        [sys.executable, "-m", "backlint", "check", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] in rules]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "app" / "db.py").write_text(RUNNER, encoding="utf-8")
    (tmp_path / "app" / "handlers.py").write_text(HANDLERS, encoding="utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "db.js").write_text(DB_JS, encoding="utf-8")
    (tmp_path / "web" / "routes.js").write_text(ROUTES_JS, encoding="utf-8")
    return tmp_path


def test_python_helpers_imported_by_name_module_and_alias(project: Path):
    found = check("app", cwd=project)
    assert [(f["path"], f["start"]["line"]) for f in found] == [
        ("app/handlers.py", 7),
        ("app/handlers.py", 11),
        ("app/handlers.py", 15),
    ]
    first = found[0]
    assert "run_query(), which runs its `sql` argument with execute() (db.py:3)" in first["message"]
    assert first["related"][0]["path"] == os.path.join("app", "db.py")
    assert first["related"][0]["start"]["line"] == 3


def test_javascript_helpers_required_and_imported(project: Path):
    found = check("web", cwd=project)
    assert [f["start"]["line"] for f in found] == [6, 10, 14]
    assert all("fetchRows()" in f["message"] and "(db.js:5)" in f["message"] for f in found)


def test_a_cached_caller_is_checked_again_when_the_helper_changes(project: Path):
    assert len(check("app/handlers.py", cwd=project)) == 3
    (project / "app" / "db.py").write_text(NOT_A_RUNNER, encoding="utf-8")
    assert check("app/handlers.py", cwd=project) == []
    (project / "app" / "db.py").write_text(RUNNER, encoding="utf-8")
    assert len(check("app/handlers.py", cwd=project)) == 3


def test_a_package_of_the_same_name_outside_the_project_is_not_followed(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "handlers.py").write_text(
        'from psycopg2.extras import run_query\n\ndef f(conn, name):\n    return run_query(conn, f"SELECT {name}")\n',
        encoding="utf-8",
    )
    assert check("svc", cwd=tmp_path) == []


def test_two_hops_handler_service_repository_across_files(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "repository.py").write_text(RUNNER, encoding="utf-8")
    (app / "service.py").write_text(
        "from .repository import run_query\n\n\ndef find(conn, sql):\n    return run_query(conn, sql)\n",
        encoding="utf-8",
    )
    (app / "handlers.py").write_text(
        "from .service import find\n\n\n"
        "def by_name(conn, name):\n"
        "    return find(conn, f\"SELECT * FROM users WHERE name = '{name}'\")\n\n\n"
        "def everyone(conn):\n"
        '    return find(conn, "SELECT * FROM users")\n',
        encoding="utf-8",
    )
    found = check("app", cwd=tmp_path)
    assert [(f["path"], f["start"]["line"]) for f in found] == [("app/handlers.py", 5)]
    assert "find(), which runs its `sql` argument with execute() (service.py:5)" in found[0]["message"]
    # The service stops handing the SQL on: the handler's call is no longer a finding.
    (app / "service.py").write_text("def find(conn, sql):\n    return []\n", encoding="utf-8")
    assert check("app", cwd=tmp_path) == []


def test_go_functions_of_the_same_package_in_other_files(tmp_path: Path):
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n", encoding="utf-8")
    store = tmp_path / "store"
    store.mkdir()
    (store / "db.go").write_text(
        'package store\n\nimport "database/sql"\n\n'
        "func runQuery(db *sql.DB, query string) (*sql.Rows, error) {\n\treturn db.Query(query)\n}\n",
        encoding="utf-8",
    )
    (store / "handlers.go").write_text(
        'package store\n\nimport (\n\t"database/sql"\n\t"net/http"\n)\n\n'
        "func byName(db *sql.DB, r *http.Request) (*sql.Rows, error) {\n"
        '\tname := r.URL.Query().Get("name")\n'
        '\treturn runQuery(db, "SELECT * FROM users WHERE name = \'"+name+"\'")\n}\n\n'
        "func everyone(db *sql.DB) (*sql.Rows, error) {\n"
        '\treturn runQuery(db, "SELECT * FROM users")\n}\n',
        encoding="utf-8",
    )
    found = check("store", cwd=tmp_path)
    assert [(f["path"], f["start"]["line"]) for f in found] == [("store/handlers.go", 10)]
    assert "runQuery(), which runs its `query` argument with Query() (db.go:6)" in found[0]["message"]


def test_go_functions_of_another_package_of_the_module(tmp_path: Path):
    """`db.RunQuery(...)` reaches the module's `internal/db` package through its go.mod import path;
    another module's package, and an unexported name, are not followed."""
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n", encoding="utf-8")
    (tmp_path / "internal" / "db").mkdir(parents=True)
    (tmp_path / "internal" / "db" / "db.go").write_text(
        'package db\n\nimport "database/sql"\n\n'
        "func RunQuery(conn *sql.DB, query string) (*sql.Rows, error) {\n\treturn conn.Query(query)\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "users.go").write_text(
        'package handlers\n\nimport (\n\t"database/sql"\n\t"net/http"\n\n'
        '\tstore "example.com/shop/internal/db"\n\t"github.com/other/db"\n)\n\n'
        "func byName(conn *sql.DB, r *http.Request) (*sql.Rows, error) {\n"
        '\tname := r.URL.Query().Get("name")\n'
        '\treturn store.RunQuery(conn, "SELECT * FROM users WHERE name = \'"+name+"\'")\n}\n\n'
        "func everyone(conn *sql.DB) (*sql.Rows, error) {\n"
        '\treturn store.RunQuery(conn, "SELECT * FROM users")\n}\n\n'
        "func elsewhere(conn *sql.DB, name string) (*sql.Rows, error) {\n"
        '\treturn db.RunQuery(conn, "SELECT * FROM users WHERE name = \'"+name+"\'")\n}\n',
        encoding="utf-8",
    )
    found = check("handlers", cwd=tmp_path)
    assert [(f["path"], f["start"]["line"]) for f in found] == [("handlers/users.go", 13)]
    assert "RunQuery(), which runs its `query` argument with Query() (../internal/db/db.go:6)" in found[0]["message"]


USER_REPOSITORY = """\
package com.shop.repo;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

public class UserRepository {
    private final JdbcTemplate jdbc;

    public UserRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> find(String sql) {
        return jdbc.queryForList(sql);
    }
}
"""
USER_CONTROLLER = """\
package com.shop.web;

import com.shop.repo.UserRepository;
import com.shop.audit.*;
import java.util.List;

public class UserController {
    private final UserRepository repo;
    private final AuditLog audit;
    private final List<String> names;

    public UserController(UserRepository repo, AuditLog audit, List<String> names) {
        this.repo = repo;
        this.audit = audit;
        this.names = names;
    }

    public Object byName(String name) {
        audit.record("SELECT * FROM users WHERE name = '" + name + "'");
        names.add("SELECT '" + name + "'");
        return this.repo.find("SELECT * FROM users WHERE name = '" + name + "'");
    }

    public Object byEmail(String email) {
        return repo.find("SELECT * FROM users WHERE email = '" + email + "'");
    }

    public Object everyone() {
        return repo.find("SELECT * FROM users");
    }
}
"""
AUDIT_LOG = """\
package com.shop.audit;

public class AuditLog {
    public void record(String line) {
        System.out.println(line);
    }
}
"""


def test_java_runners_reached_through_injected_fields_in_the_same_source_tree(tmp_path: Path):
    (tmp_path / "pom.xml").write_text("<project/>\n", encoding="utf-8")
    java = tmp_path / "src" / "main" / "java" / "com" / "shop"
    for package, name, text in (
        ("repo", "UserRepository", USER_REPOSITORY),
        ("web", "UserController", USER_CONTROLLER),
        ("audit", "AuditLog", AUDIT_LOG),
    ):
        (java / package).mkdir(parents=True, exist_ok=True)
        (java / package / f"{name}.java").write_text(text, encoding="utf-8")
    found = check("src", cwd=tmp_path)
    assert [(f["path"], f["start"]["line"]) for f in found] == [
        ("src/main/java/com/shop/web/UserController.java", 21),
        ("src/main/java/com/shop/web/UserController.java", 25),
    ]
    assert (
        "find(), which runs its `sql` argument with queryForList() (../repo/UserRepository.java:15)"
        in found[0]["message"]
    )


def test_recursion_and_import_cycles_terminate(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    # a.py and b.py import each other and hand the SQL back and forth; _walk recurses on itself.
    (app / "a.py").write_text(
        "from .b import relay\n\n\n"
        "def ping(conn, sql, depth):\n"
        "    return relay(conn, sql, depth - 1) if depth else conn.execute(sql)\n\n\n"
        "def _walk(conn, table, depth):\n"
        "    if depth:\n"
        "        return _walk(conn, table, depth - 1)\n"
        "    return conn.execute(f\"SELECT * FROM t WHERE x = '{table}'\")\n\n\n"
        "def handler(conn, name):\n"
        "    return ping(conn, f\"SELECT * FROM users WHERE name = '{name}'\", 3)\n",
        encoding="utf-8",
    )
    (app / "b.py").write_text(
        "from .a import ping\n\n\ndef relay(conn, sql, depth):\n    return ping(conn, sql, depth)\n",
        encoding="utf-8",
    )
    found = check("app", cwd=tmp_path)
    assert [(f["path"], f["start"]["line"]) for f in found] == [("app/a.py", 15)]


DRIVER_DB = """\
import psycopg2


def run_query(conn, sql, params=()):
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run_plain(conn, sql):
    with conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()
"""
DRIVER_HANDLERS = """\
from .db import run_plain, run_query


def find_user(conn, name):
    return run_query(conn, f"SELECT * FROM users WHERE name = '{name}'")


def find_plain(conn, name):
    return run_plain(conn, f"SELECT * FROM users WHERE name = '{name}'")


def find_with_params(conn, name, kind):
    return run_query(conn, f"SELECT * FROM users WHERE name = '{name}'", (kind,))
"""


def test_the_fix_passes_the_values_in_the_parameters_the_runner_hands_to_its_driver(tmp_path: Path):
    from backlint.core import engine
    from backlint.core.fixes.verify import compute_fix

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "db.py").write_text(DRIVER_DB, encoding="utf-8")
    handlers = app / "handlers.py"
    handlers.write_text(DRIVER_HANDLERS, encoding="utf-8")
    analysis = engine.analyze(DRIVER_HANDLERS, path=str(handlers), language="python")
    by_line = {f.span.start.line + 1: f for f in analysis.findings if f.rule_id == "BL103"}
    assert sorted(by_line) == [5, 9, 13]
    fix = compute_fix(analysis, by_line[5])
    assert fix is not None and [e.new_text for e in fix.edits] == ['"SELECT * FROM users WHERE name = %s", (name,)']
    # No parameters to hand them to, or the call already passes some: nothing is offered.
    assert by_line[9].fix is None and by_line[13].fix is None


def test_the_fix_uses_the_runner_files_driver_in_javascript(tmp_path: Path):
    from backlint.core import engine
    from backlint.core.fixes.verify import compute_fix

    (tmp_path / "package.json").write_text('{"name": "svc", "dependencies": {"pg": "8"}}', encoding="utf-8")
    (tmp_path / "db.js").write_text(
        'const { Pool } = require("pg");\nconst pool = new Pool();\n\n'
        "async function fetchAll(sql, params) {\n  const result = await pool.query(sql, params);\n"
        "  return result.rows;\n}\n\nmodule.exports = { fetchAll };\n",
        encoding="utf-8",
    )
    routes = tmp_path / "routes.js"
    text = 'const { fetchAll } = require("./db");\n\nasync function byName(name) {\n' + (
        "  return fetchAll(`SELECT * FROM users WHERE name = '${name}'`);\n}\n"
    )
    routes.write_text(text, encoding="utf-8")
    analysis = engine.analyze(text, path=str(routes), language="javascript")
    [finding] = [f for f in analysis.findings if f.rule_id == "BL103"]
    fix = compute_fix(analysis, finding)
    assert fix is not None and [e.new_text for e in fix.edits] == ["`SELECT * FROM users WHERE name = $1`, [name]"]


QUERIES_PY = """\
def customer_search(name):
    return f"SELECT id, name FROM customers WHERE name ILIKE '%{name}%'"


def customer_by_id():
    return "SELECT id, name FROM customers WHERE id = %s"
"""
VIEWS_PY = """\
from flask import request

from .db import run_query
from .queries import customer_by_id, customer_search


def search(conn):
    return run_query(conn, customer_search(request.args["q"]))


def search_later(conn):
    sql = customer_search(request.args["q"])
    return run_query(conn, sql)


def everyone(conn):
    return run_query(conn, customer_search("a"))


def by_id(conn, customer_id):
    return run_query(conn, customer_by_id())
"""


def test_a_builder_in_another_file_handed_untrusted_input(tmp_path: Path):
    """SQL that a builder of another file makes from its parameter, given a request value, reaches a
    helper that runs it: reported where the value goes in, or where a local carries it to the helper."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "svc"\n', encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "db.py").write_text(RUNNER, encoding="utf-8")
    (app / "queries.py").write_text(QUERIES_PY, encoding="utf-8")
    (app / "views.py").write_text(VIEWS_PY, encoding="utf-8")
    found = check("app", cwd=tmp_path)
    assert [(f["path"], f["rule"], f["start"]["line"]) for f in found] == [
        ("app/views.py", "BL103", 8),
        ("app/views.py", "BL103", 13),
    ]
    assert (
        "that customer_search() (queries.py:2) builds from its `name` argument is passed to run_query()"
        in (found[0]["message"])
    )


SQL_BUILDERS_JAVA = """\
package com.shop.repo;

public final class SqlBuilders {
    private SqlBuilders() {}

    public static String searchByName(String name) {
        return "SELECT id, name FROM customers WHERE name LIKE '%" + name + "%'";
    }
}
"""
CUSTOMER_SERVICE_JAVA = """\
package com.shop.service;

import com.shop.repo.SqlBuilders;
import com.shop.repo.UserRepository;

public class CustomerService {
    private final UserRepository repo;

    public CustomerService(UserRepository repo) {
        this.repo = repo;
    }

    public Object search(String name) {
        return this.repo.find(SqlBuilders.searchByName(name));
    }

    public Object everyone() {
        return this.repo.find(SqlBuilders.searchByName("a"));
    }
}
"""


def test_a_java_static_builder_of_the_source_tree(tmp_path: Path):
    root = tmp_path / "src" / "main" / "java" / "com" / "shop"
    (root / "repo").mkdir(parents=True)
    (root / "service").mkdir()
    (tmp_path / "pom.xml").write_text("<project/>", encoding="utf-8")
    (root / "repo" / "UserRepository.java").write_text(USER_REPOSITORY, encoding="utf-8")
    (root / "repo" / "SqlBuilders.java").write_text(SQL_BUILDERS_JAVA, encoding="utf-8")
    (root / "service" / "CustomerService.java").write_text(CUSTOMER_SERVICE_JAVA, encoding="utf-8")
    found = [f for f in check("src", cwd=tmp_path) if f["path"].endswith("CustomerService.java")]
    assert [(f["rule"], f["start"]["line"]) for f in found] == [("BL103", 14)]
    assert "that searchByName() (SqlBuilders.java:7) builds from its `name` argument" in found[0]["message"]


def test_go_and_java_fixes_pass_the_values_after_the_sql_to_a_variadic_runner(tmp_path: Path):
    from backlint.core import engine
    from backlint.core.fixes.verify import compute_fix

    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.22\n", encoding="utf-8")
    (tmp_path / "db.go").write_text(
        'package svc\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\n'
        "func runBound(db *sql.DB, query string, args ...any) (*sql.Rows, error) {\n"
        "\treturn db.Query(query, args...)\n}\n\n"
        "func runSlice(db *sql.DB, query string, args []any) (*sql.Rows, error) {\n"
        "\treturn db.Query(query, args...)\n}\n",
        encoding="utf-8",
    )
    handlers = tmp_path / "handlers.go"
    go_text = (
        'package svc\n\nimport "database/sql"\n\n'
        "func byName(db *sql.DB, name string) (*sql.Rows, error) {\n"
        '\treturn runBound(db, "SELECT * FROM users WHERE name = \'"+name+"\'")\n}\n\n'
        "func byCity(db *sql.DB, city string) (*sql.Rows, error) {\n"
        '\treturn runSlice(db, "SELECT * FROM users WHERE city = \'"+city+"\'")\n}\n'
    )
    handlers.write_text(go_text, encoding="utf-8")
    analysis = engine.analyze(go_text, path=str(handlers), language="go")
    by_line = {f.span.start.line + 1: f for f in analysis.findings if f.rule_id == "BL103"}
    assert sorted(by_line) == [6, 10]
    fix = compute_fix(analysis, by_line[6])
    # The runner's file imports lib/pq: PostgreSQL's numbered placeholders.
    assert fix is not None and [e.new_text for e in fix.edits] == ['"SELECT * FROM users WHERE name = $1", name']
    assert compute_fix(analysis, by_line[10]) is None  # a slice parameter takes one []any, not the values

    java = tmp_path / "Repo.java"
    java_text = """\
package com.shop.repo;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

public class Repo {
    private JdbcTemplate jdbc;

    public List<Map<String, Object>> fetch(String sql, Object... params) {
        return jdbc.queryForList(sql, params);
    }

    public List<Map<String, Object>> byName(String name) {
        return fetch("SELECT * FROM users WHERE name = '" + name + "'");
    }
}
"""
    java.write_text(java_text, encoding="utf-8")
    analysis = engine.analyze(java_text, path=str(java), language="java")
    [finding] = [f for f in analysis.findings if f.rule_id == "BL103"]
    fix = compute_fix(analysis, finding)
    assert fix is not None and [e.new_text for e in fix.edits] == ['"SELECT * FROM users WHERE name = ?", name']
