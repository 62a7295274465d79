"""sqlflow: "does this read as SQL?" and "how was this query built?"."""

from __future__ import annotations

import pytest

from backlint.core import engine
from backlint.core.checks.base import FileContext
from backlint.core.positions import LineIndex
from backlint.core.sqlflow import (
    CONST,
    DYNAMIC,
    HOLE,
    NUMERIC,
    SAFE,
    QueryFlow,
    hole_roles,
    placeholder_list_text,
    reads_as_condition,
    reads_as_sql,
)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT id, name FROM users WHERE email = '\x00'",
        "select * from items where id = \x00",
        "  \n  SELECT count(*) FROM orders",
        "INSERT INTO audit (actor, action) VALUES ('\x00', 'login')",
        "UPDATE accounts SET balance = balance - \x00 WHERE id = 7",
        "DELETE FROM sessions WHERE token = '\x00'",
        "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent",
        "CREATE TABLE IF NOT EXISTS \x00.audit (id int)",
        "TRUNCATE TABLE \x00",
        "SELECT u FROM User u WHERE u.name = '\x00'",
        "FROM User WHERE name = '\x00'",
        " WHERE status = '\x00'",
        " AND owner_id = \x00",
        " ORDER BY \x00 DESC",
        "PRAGMA table_info(\x00)",
        "SET search_path TO \x00",
        "SELECT CASE WHEN paid THEN 1 END AS flag FROM invoices",
    ],
)
def test_reads_as_sql(text):
    assert reads_as_sql(text.replace("\x00", HOLE))


@pytest.mark.parametrize(
    "text",
    [
        "Select an option from the list: \x00",
        "select the file from disk",
        "Delete from the cart failed for \x00",
        "Insert into your account settings",
        "deploy \x00 --force",
        "https://api.example.com/select/\x00",
        "user \x00 updated their profile",
        "",
    ],
)
def test_prose_and_other_text_is_not_sql(text):
    assert not reads_as_sql(text.replace("\x00", HOLE))


def test_conditions_for_query_builders():
    assert reads_as_condition(f"status = '{HOLE}'")
    assert reads_as_condition(f"o.title LIKE '%{HOLE}%'")
    assert not reads_as_condition(f"{HOLE} {HOLE}")


@pytest.mark.parametrize(
    "text",
    [
        '", ".join(["%s"] * len(ids))',
        "ids.map(() => '?').join(',')",
        'strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")',
        'String.join(",", Collections.nCopies(ids.size(), "?"))',
    ],
)
def test_placeholder_lists(text):
    assert placeholder_list_text(text)


def test_a_join_of_values_is_not_a_placeholder_list():
    assert not placeholder_list_text('", ".join(names)')
    assert not placeholder_list_text("\"','\".join(names)")


def _flow(language: str, source: str) -> tuple[QueryFlow, FileContext]:
    data = source.encode()
    tree = engine.parse(language, data)
    file = FileContext(path=f"x.{language}", language=language, data=data, tree=tree, lines=LineIndex(data))
    return QueryFlow(file), file


def _argument_of(file: FileContext, call_text: str, index: int = 0):
    """The index-th argument of the first call whose source starts with call_text."""
    stack = [file.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in ("call", "call_expression", "method_invocation") and file.text(node).startswith(call_text):
            args = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
            return args[index]
        stack.extend(reversed(node.children))
    raise AssertionError(f"no call {call_text!r}")


def _summary(flow, built):
    return [
        (p.text if not p.is_hole else (p.kind, flow.text(p.node) if p.node is not None else None)) for p in built.parts
    ]


def test_python_fstring_flattens_into_literals_and_holes():
    flow, file = _flow(
        "python", "def f(cur, email):\n    cur.execute(f\"SELECT * FROM users WHERE email = '{email}'\")\n"
    )
    [built] = flow.build(_argument_of(file, "cur.execute"))
    assert built.style == "f-string"
    assert built.direct
    assert _summary(flow, built) == ["SELECT * FROM users WHERE email = '", (DYNAMIC, "email"), "'"]
    assert hole_roles(built) == [(1, "quoted")]


def test_python_percent_and_format_map_values_to_their_fields():
    flow, file = _flow(
        "python",
        "def f(cur, a, b):\n"
        "    cur.execute(\"SELECT * FROM t WHERE a = '%s' AND b = %d AND c LIKE 'x%%'\" % (a, b))\n"
        "    cur.execute('UPDATE t SET n = {name} WHERE id = {0}'.format(b, name=a))\n",
    )
    [percent] = flow.build(_argument_of(file, 'cur.execute("'))
    assert percent.style == "percent"
    assert _summary(flow, percent) == [
        "SELECT * FROM t WHERE a = '",
        (DYNAMIC, "a"),
        "' AND b = ",
        (NUMERIC, "b"),
        " AND c LIKE 'x",
        "%",
        "'",
    ]
    [fmt] = flow.build(_argument_of(file, "cur.execute('"))
    assert fmt.style == "format"
    assert _summary(flow, fmt) == ["UPDATE t SET n = ", (DYNAMIC, "a"), " WHERE id = ", (DYNAMIC, "b")]


def test_python_variable_followed_with_augmented_assignments():
    flow, file = _flow(
        "python",
        "def f(cur, status):\n"
        "    sql = 'SELECT id FROM tickets WHERE 1 = 1'\n"
        "    if status:\n"
        '        sql += " AND status = \'" + status + "\'"\n'
        "    cur.execute(sql)\n",
    )
    [built] = flow.build(_argument_of(file, "cur.execute"))
    assert not built.direct
    assert next(file.text(o).split("\n")[0] for o in built.origins).startswith("sql = ")
    assert built.kind == DYNAMIC
    assert reads_as_sql(built.sql_text())


def test_latest_dominating_assignment_wins():
    flow, file = _flow(
        "python",
        "def f(cur, name):\n"
        "    sql = f\"SELECT * FROM users WHERE name = '{name}'\"\n"
        "    sql = 'SELECT * FROM users WHERE name = %s'\n"
        "    cur.execute(sql, (name,))\n",
    )
    builts = flow.build(_argument_of(file, "cur.execute"))
    assert len(builts) == 1 and builts[0].kind == CONST


def test_branch_assignments_are_all_considered():
    flow, file = _flow(
        "python",
        "def f(cur, name, flag):\n"
        "    sql = f\"SELECT * FROM users WHERE name = '{name}'\"\n"
        "    if flag:\n"
        "        sql = 'SELECT * FROM users'\n"
        "    cur.execute(sql)\n",
    )
    kinds = sorted(b.kind for b in flow.build(_argument_of(file, "cur.execute")))
    assert kinds == [CONST, DYNAMIC]


@pytest.mark.parametrize(
    "expression,kind",
    [
        ("USERS_TABLE", CONST),
        ("int(raw)", NUMERIC),
        ("str(int(raw))", NUMERIC),
        ("len(items)", NUMERIC),
        ("raw", DYNAMIC),
        ("'DESC' if desc else 'ASC'", CONST),
        ("SORTABLE.get(raw, 'id')", CONST),
        ("SORTABLE[raw]", CONST),
        ("quote_ident(raw, cur)", SAFE),
        ("', '.join(['%s'] * len(raw))", SAFE),
        ("checked", SAFE),
        ("typed", NUMERIC),
    ],
)
def test_python_hole_classification(expression, kind):
    flow, file = _flow(
        "python",
        "USERS_TABLE = 'users'\n"
        "SORTABLE = {'name': 'name'}\n"
        "def f(cur, raw, items, desc, checked, typed: int):\n"
        "    if checked not in {'a', 'b'}:\n"
        "        raise ValueError(checked)\n"
        f"    cur.execute(f'SELECT * FROM t WHERE x = {{{expression}}}')\n",
    )
    [built] = flow.build(_argument_of(file, "cur.execute"))
    assert [p.kind for p in built.holes] == [kind]


def test_loop_over_constants_is_constant_and_over_input_is_dynamic():
    flow, file = _flow(
        "python",
        "def f(conn, tables):\n"
        "    for fixed in ('orders', 'refunds'):\n"
        "        conn.execute(f'TRUNCATE {fixed}')\n"
        "    for given in tables:\n"
        "        conn.execute(f'TRUNCATE {given}')\n",
    )
    [fixed] = flow.build(_argument_of(file, "conn.execute(f'TRUNCATE {fixed}"))
    [given] = flow.build(_argument_of(file, "conn.execute(f'TRUNCATE {given}"))
    assert fixed.kind == CONST and given.kind == DYNAMIC


def test_condition_list_joined_from_literals_is_constant():
    flow, file = _flow(
        "python",
        "def f(cur, name):\n"
        "    conds = []\n"
        "    if name:\n"
        "        conds.append('name = %s')\n"
        "    where = ' AND '.join(conds) or 'TRUE'\n"
        "    cur.execute(f'SELECT * FROM t WHERE {where}', [name])\n",
    )
    [built] = flow.build(_argument_of(file, "cur.execute"))
    assert built.kind == CONST


def test_javascript_template_and_numbered_placeholders():
    flow, file = _flow(
        "javascript",
        "async function f(client, values, owner) {\n"
        "  values.push(owner);\n"
        "  const clause = `owner = $${values.length}`;\n"
        "  await client.query(`SELECT * FROM t WHERE ${clause}`, values);\n"
        "  await client.query(`SELECT * FROM t WHERE owner = '${owner}'`);\n"
        "}\n",
    )
    [safe] = flow.build(_argument_of(file, "client.query(`SELECT * FROM t WHERE ${clause}"))
    assert safe.kind in (CONST, SAFE)
    [unsafe] = flow.build(_argument_of(file, "client.query(`SELECT * FROM t WHERE owner"))
    assert unsafe.style == "template" and unsafe.kind == DYNAMIC


def test_go_sprintf_verbs_and_builder():
    flow, file = _flow(
        "go",
        "package p\n"
        'const table = "users"\n'
        "func f(db *sql.DB, name string, id int) {\n"
        "\tdb.Query(fmt.Sprintf(\"SELECT * FROM %s WHERE name = '%s' AND id = %d AND p LIKE '5%%'\", "
        "table, name, id))\n"
        "\tvar b strings.Builder\n"
        '\tb.WriteString("DELETE FROM t WHERE n = \'")\n'
        "\tb.WriteString(name)\n"
        "\tdb.Exec(b.String())\n"
        "}\n",
    )
    [sprintf] = flow.build(_argument_of(file, "db.Query"))
    assert sprintf.style == "sprintf"
    assert [p.kind for p in sprintf.holes] == [CONST, DYNAMIC, NUMERIC]
    assert sprintf.sql_text() == f"SELECT * FROM users WHERE name = '{HOLE}' AND id = {HOLE} AND p LIKE '5%'"
    [builder] = flow.build(_argument_of(file, "db.Exec"))
    assert builder.style == "builder" and builder.kind == DYNAMIC and not builder.direct


def test_java_string_builder_and_static_final():
    flow, file = _flow(
        "java",
        "class A {\n"
        '  private static final String BASE = "SELECT * FROM users";\n'
        "  void f(String role, int limit) {\n"
        "    StringBuilder sb = new StringBuilder(BASE);\n"
        '    sb.append(" WHERE role = \'").append(role).append("\'");\n'
        "    jdbc.query(sb.toString(), mapper);\n"
        '    jdbc.query(BASE + " LIMIT " + limit, mapper);\n'
        "  }\n"
        "}\n",
    )
    [builder] = flow.build(_argument_of(file, "jdbc.query(sb"))
    assert builder.style == "builder"
    assert builder.sql_text() == f"SELECT * FROM users WHERE role = '{HOLE}'"
    [concat] = flow.build(_argument_of(file, "jdbc.query(BASE"))
    assert [p.kind for p in concat.holes] == [CONST, NUMERIC]


def test_deep_concatenation_does_not_recurse():
    chain = " + ".join(["'x'"] * 3000) + " + name"
    flow, file = _flow("python", f"def f(cur, name):\n    cur.execute('SELECT * FROM t WHERE a = ' + {chain})\n")
    [built] = flow.build(_argument_of(file, "cur.execute"))
    assert built.kind == DYNAMIC
