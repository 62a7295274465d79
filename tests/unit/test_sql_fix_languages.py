"""`sql-parameterize` for PHP, C#, Ruby, Kotlin and Rust: the exact rewritten text, each fix verified
(it parses and the finding is gone), and no fix where the rewrite is not certain."""

# ruff: noqa: E501  (sample code keeps the long lines real code has; the fixes must keep them too)

from __future__ import annotations

import textwrap

import pytest

from backlint.core import engine
from backlint.core.config import Settings
from backlint.core.fixes import FixRequest, apply_edits, compute_fix, verify
from backlint.core.fixes.sql import parameterize

ONLY_SQL = Settings(select=("BL101",))
EXTENSIONS = {"php": "php", "csharp": "cs", "ruby": "rb", "kotlin": "kt", "rust": "rs"}


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv(engine.STRICT_ENV, "1")  # a fixer that raises fails the test


def _fix(language: str, source: str):
    text = textwrap.dedent(source).lstrip("\n")
    analysis = engine.analyze(text, path=f"app/store.{EXTENSIONS[language]}", language=language, settings=ONLY_SQL)
    findings = [f for f in analysis.findings if f.rule_id == "BL101"]
    assert len(findings) == 1, [(f.rule_id, f.message) for f in analysis.findings]
    fix = parameterize(FixRequest(finding=findings[0], analysis=analysis))
    if fix is not None:
        assert verify(analysis, findings[0], fix.edits, ONLY_SQL) is None  # parses, finding gone, nothing new
    return analysis, fix


def _fixed(language: str, source: str) -> str | None:
    analysis, fix = _fix(language, source)
    return None if fix is None else apply_edits(analysis.source.data, fix.edits).decode()


def _line(language: str, source: str, needle: str) -> str | None:
    text = _fixed(language, source)
    if text is None:
        return None
    return next(line.strip() for line in text.splitlines() if needle in line)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# --- PHP -------------------------------------------------------------------------------------------

PHP_LARAVEL = """
<?php
use Illuminate\\Support\\Facades\\DB;

class Reports
{{
    public function run(string $from, string $status, string $region, int $min, array $row)
    {{
        {call}
    }}
}}
"""


@pytest.mark.parametrize(
    "call,expected",
    [
        (
            "return DB::select(\"SELECT * FROM orders WHERE created_at >= '$from'\");",
            'return DB::select("SELECT * FROM orders WHERE created_at >= ?", [$from]);',
        ),
        (
            'return Order::query()->whereRaw("status = \'" . $status . "\' AND region = \'" . $region . "\'")->get();',
            'return Order::query()->whereRaw("status = ? AND region = ?", [$status, $region])->get();',
        ),
        (
            "return DB::connection('archive')->select('SELECT * FROM t WHERE d > ' . $from);",
            "return DB::connection('archive')->select('SELECT * FROM t WHERE d > ?', [$from]);",
        ),
        (
            "return DB::select(sprintf(\"SELECT * FROM t WHERE a = '%s' AND b >= %d\", $status, $min));",
            'return DB::select("SELECT * FROM t WHERE a = ? AND b >= ?", [$status, $min]);',
        ),
        (  # `"$row[key]"` reads the key as a string; outside a string it has to be quoted
            "return DB::select(\"SELECT * FROM t WHERE a = '$row[status]' AND b = $row[0]\");",
            "return DB::select(\"SELECT * FROM t WHERE a = ? AND b = ?\", [$row['status'], $row[0]]);",
        ),
        (  # a single-quoted piece joins a double-quoted one
            "return DB::select('SELECT * FROM t WHERE a = ' . \"'$status'\");",
            'return DB::select("SELECT * FROM t WHERE a = ?", [$status]);',
        ),
    ],
)
def test_php_laravel_bindings(call, expected):
    assert _line("php", PHP_LARAVEL.format(call=call), "return") == expected


@pytest.mark.parametrize(
    "call",
    [
        'return DB::select("SELECT * FROM orders ORDER BY $status");',  # a sort key: not a value
        "return DB::select(\"SELECT * FROM users WHERE name LIKE '%$status%'\");",  # the pattern needs building
        "return DB::table('u')->where(DB::raw(\"LOWER(name) = '\" . $status . \"'\"))->get();",  # DB::raw binds none
        "return DB::select(\"SELECT * FROM t WHERE a = '$status' AND b = ?\", [$min]);",  # has placeholders
        "return DB::select(\"SELECT * FROM t WHERE a = '$status' AND b = :min\");",  # named ones too
    ],
)
def test_php_no_fix_when_not_certain(call):
    assert _fixed("php", PHP_LARAVEL.format(call=call)) is None


def test_php_doctrine_and_wordpress():
    doctrine = """
    <?php
    use Doctrine\\DBAL\\Connection;

    final class Invoices
    {
        public function byCustomer(string $customer): array
        {
            return $this->connection->fetchAllAssociative("SELECT * FROM invoices WHERE customer = '" . $customer . "'");
        }
    }
    """
    assert _line("php", doctrine, "fetchAll") == (
        'return $this->connection->fetchAllAssociative("SELECT * FROM invoices WHERE customer = ?", [$customer]);'
    )
    wordpress = """
    <?php
    function recent_posts($status) {
        global $wpdb;
        return $wpdb->get_results("SELECT * FROM {$wpdb->posts} WHERE post_status = '$status' AND title LIKE 'A%'");
    }
    """
    # `{$wpdb->posts}` is the table's name, a constant the flow knows: it stays; `%` doubles for prepare().
    assert _line("php", wordpress, "get_results") == (
        'return $wpdb->get_results($wpdb->prepare("SELECT * FROM {$wpdb->posts} WHERE post_status = %s '
        "AND title LIKE 'A%%'\", $status));"
    )


PHP_PDO = """
<?php
final class Users
{{
    public function __construct(private \\PDO $pdo) {{}}

    public function run(string $email, string $tenant)
    {{
{body}
    }}
}}
"""


def test_pdo_result_unused_prepares_and_executes():
    body = "        $this->pdo->exec(\"DELETE FROM sessions WHERE email = '$email'\");"
    assert _line("php", PHP_PDO.format(body=body), "sessions") == (
        '$this->pdo->prepare("DELETE FROM sessions WHERE email = ?")->execute([$email]);'
    )


def test_pdo_assigned_query_executes_the_statement():
    body = (
        "        $statement = $this->pdo->query(\"SELECT * FROM users WHERE email = '$email'\");\n"
        "        return $statement->fetch();"
    )
    assert _fixed("php", PHP_PDO.format(body=body)) == PHP_PDO.format(
        body='        $statement = $this->pdo->prepare("SELECT * FROM users WHERE email = ?");\n'
        "        $statement->execute([$email]);\n"
        "        return $statement->fetch();"
    ).lstrip("\n")


def test_pdo_result_in_an_expression_is_prepared_just_before():
    body = (
        "        // the first match\n"
        "        return $this->pdo->query(\"SELECT * FROM users WHERE email = '$email'\")->fetch() ?: null;"
    )
    assert _fixed("php", PHP_PDO.format(body=body)) == PHP_PDO.format(
        body="        // the first match\n"
        '        $statement = $this->pdo->prepare("SELECT * FROM users WHERE email = ?");\n'
        "        $statement->execute([$email]);\n"
        "        return $statement->fetch() ?: null;"
    ).lstrip("\n")


def test_pdo_exec_count_is_the_row_count():
    body = '        return $this->pdo->exec("UPDATE users SET active = 0 WHERE tenant = \'" . $tenant . "\'");'
    fixed = _fixed("php", PHP_PDO.format(body=body))
    assert fixed is not None and "return $statement->rowCount();" in fixed
    assert '$statement = $this->pdo->prepare("UPDATE users SET active = 0 WHERE tenant = ?");' in fixed


@pytest.mark.parametrize(
    "body",
    [
        # evaluated inside a condition: there is no statement to prepare it before
        "        if ($this->pdo->query(\"SELECT 1 FROM users WHERE email = '$email'\")->fetch()) { return 1; }",
        # something else in the statement runs first
        "        return $this->cache->get($email) ?? $this->pdo->query(\"SELECT * FROM u WHERE e = '$email'\")->fetch();",
        # a fetch mode after the query: prepare() has no place for it
        "        return $this->pdo->query(\"SELECT * FROM u WHERE e = '$email'\", \\PDO::FETCH_ASSOC)->fetchAll();",
    ],
)
def test_pdo_no_fix_where_the_statement_cannot_be_made_first(body):
    assert _fixed("php", PHP_PDO.format(body=body)) is None


def test_mysqli_uses_execute_query_and_says_it_needs_php_8_2():
    source = """
    <?php
    function order(mysqli $mysqli, string $id) {
        $result = $mysqli->query("SELECT * FROM orders WHERE id = '$id'");
        $items = mysqli_query($mysqli, "SELECT * FROM order_items WHERE order_id = " . $id);
        return [$result, $items];
    }
    """
    text = dedent(source)
    analysis = engine.analyze(text, path="order.php", language="php", settings=ONLY_SQL)
    fixes = [parameterize(FixRequest(finding=f, analysis=analysis)) for f in analysis.findings]
    assert all(f is not None and "PHP 8.2+" in f.title and not f.safe for f in fixes)
    fixed = apply_edits(analysis.source.data, [e for f in fixes if f for e in f.edits]).decode()
    assert '$result = $mysqli->execute_query("SELECT * FROM orders WHERE id = ?", [$id]);' in fixed
    assert '$items = mysqli_execute_query($mysqli, "SELECT * FROM order_items WHERE order_id = ?", [$id]);' in fixed


def test_php_no_fix_when_the_driver_is_unknown_or_a_value_is_quoted_by_hand():
    unknown = """
    <?php
    function find($db, $email) {
        return $db->query("SELECT * FROM users WHERE email = '$email'");
    }
    """
    assert _fixed("php", unknown) is None
    quoted = """
    <?php
    function find(PDO $pdo, $name, $id) {
        return $pdo->query("SELECT * FROM users WHERE name = " . $pdo->quote($name) . " AND id = " . $id);
    }
    """
    assert _fixed("php", quoted) is None  # as a parameter, the quoted value would keep its quotes


# --- C# --------------------------------------------------------------------------------------------

CSHARP = """
using Dapper;
using Microsoft.EntityFrameworkCore;

public class Store
{{
    public object Run(string email, string before, string city, int id)
    {{
        {call}
    }}
}}
"""


@pytest.mark.parametrize(
    "call,expected",
    [
        (
            "return _db.Users.FromSqlRaw($\"SELECT * FROM Users WHERE Email = '{email}'\").ToList();",
            'return _db.Users.FromSqlInterpolated($"SELECT * FROM Users WHERE Email = {email}").ToList();',
        ),
        (
            'return _db.Database.ExecuteSqlRawAsync("UPDATE Orders SET Archived = 1 WHERE CreatedAt < \'" + before + "\'");',
            'return _db.Database.ExecuteSqlInterpolatedAsync($"UPDATE Orders SET Archived = 1 WHERE CreatedAt < {before}");',
        ),
        (
            "return _db.Database.SqlQueryRaw<decimal>(\"SELECT Total FROM Orders WHERE Note = '{x}' AND City = \" + city);",
            "return _db.Database.SqlQuery<decimal>($\"SELECT Total FROM Orders WHERE Note = '{{x}}' AND City = {city}\");",
        ),
        (
            "return _connection.QueryFirstOrDefault<User>($\"SELECT * FROM Users WHERE Email = '{email}' AND City = '{city}'\");",
            'return _connection.QueryFirstOrDefault<User>("SELECT * FROM Users WHERE Email = @email AND City = @city", '
            "new { email, city });",
        ),
        (
            "return _connection.Execute(string.Format(\"DELETE FROM Users WHERE Id = {0} AND Email = '{1}'\", id, user.Email));",
            'return _connection.Execute("DELETE FROM Users WHERE Id = @id AND Email = @Email", new { id, user.Email });',
        ),
        (  # `Request.Query[...]` is a StringValues: its text is what was spliced in
            'return _connection.Query<Product>($"SELECT * FROM Products WHERE Tag = \'{Request.Query["tag"]}\'");',
            'return _connection.Query<Product>("SELECT * FROM Products WHERE Tag = @p0", '
            'new { p0 = Request.Query["tag"].ToString() });',
        ),
    ],
)
def test_csharp_ef_core_and_dapper(call, expected):
    assert _line("csharp", CSHARP.format(call=call), "return") == expected


@pytest.mark.parametrize(
    "call",
    [
        "return _connection.Query<User>($\"SELECT * FROM Users WHERE Name = '{city,10}'\");",  # padded: not the value
        'return _connection.Query<User>("SELECT * FROM Users ORDER BY " + city);',  # a sort key
        "return _connection.Query<User>($\"SELECT * FROM Users WHERE City = '{city}'\", new { x = 1 });",  # has params
        "return _db.Users.FromSqlRaw($\"SELECT * FROM {city} WHERE Email = '{email}'\").ToList();",  # a table name
    ],
)
def test_csharp_no_fix_when_not_certain(call):
    assert _fixed("csharp", CSHARP.format(call=call)) is None


def test_dapper_needs_its_using():
    source = CSHARP.replace("using Dapper;\n", "").format(
        call="return _connection.Query<User>($\"SELECT * FROM Users WHERE Email = '{email}'\");"
    )
    assert _fixed("csharp", source) is None


def test_sql_command_declaration_gets_its_parameters():
    source = """
    public class Users
    {
        public int Deactivate(string tenant, string region)
        {
            using var connection = new SqlConnection(_connectionString);
            using var command = new SqlCommand("UPDATE Users SET Active = 0 WHERE Tenant = '" + tenant + "' AND Region = '" + region + "'", connection);
            connection.Open();
            return command.ExecuteNonQuery();
        }
    }
    """
    assert _fixed("csharp", source) == dedent(
        """
        public class Users
        {
            public int Deactivate(string tenant, string region)
            {
                using var connection = new SqlConnection(_connectionString);
                using var command = new SqlCommand("UPDATE Users SET Active = 0 WHERE Tenant = @p0 AND Region = @p1", connection);
                command.Parameters.AddWithValue("@p0", tenant);
                command.Parameters.AddWithValue("@p1", region);
                connection.Open();
                return command.ExecuteNonQuery();
            }
        }
        """
    )


def test_using_statement_and_data_adapter():
    source = """
    public class Orders
    {
        public DataTable Load(string customer)
        {
            using (var adapter = new NpgsqlDataAdapter($"SELECT * FROM orders WHERE customer = '{customer}'", cs))
            {
                adapter.Fill(table);
            }
            return table;
        }
    }
    """
    fixed = _fixed("csharp", source)
    assert fixed is not None
    assert 'using (var adapter = new NpgsqlDataAdapter("SELECT * FROM orders WHERE customer = @p0", cs))' in fixed
    assert (
        '        {\n            adapter.SelectCommand.Parameters.AddWithValue("@p0", customer);\n'
        "            adapter.Fill(table);" in fixed
    )


def test_command_text_of_a_command_made_by_a_known_connection():
    source = """
    public class Roles
    {
        public object? Count(string role)
        {
            using var connection = new NpgsqlConnection(_connectionString);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM users WHERE role = '{role}'";
            return command.ExecuteScalar();
        }
    }
    """
    fixed = _fixed("csharp", source)
    assert fixed is not None
    assert (
        'command.CommandText = "SELECT count(*) FROM users WHERE role = @p0";\n'
        '        command.Parameters.AddWithValue("@p0", role);\n' in fixed
    )


@pytest.mark.parametrize(
    "statement",
    [
        "command.CommandText = $\"SELECT count(*) FROM users WHERE role = '{role}'\";",  # DbCommand: no AddWithValue
        'command.CommandText += " AND role = \'" + role + "\'";',  # built up: where it started is elsewhere
    ],
)
def test_command_text_no_fix_when_the_command_is_not_known(statement):
    source = f"""
    public class Roles
    {{
        public object? Count(DbCommand command, string role)
        {{
            {statement}
            return command.ExecuteScalar();
        }}
    }}
    """
    assert _fixed("csharp", source) is None


# --- Ruby ------------------------------------------------------------------------------------------

RUBY = """
class OrdersController < ApplicationController
  BASE = "SELECT id, total FROM orders"

  def index
    {call}
  end
end
"""


@pytest.mark.parametrize(
    "call,expected",
    [
        (
            "@users = User.where(\"email = '#{params[:email]}'\")",
            '@users = User.where("email = ?", params[:email])',
        ),
        (
            '@user = User.find_by_sql("SELECT * FROM users WHERE id = #{params[:id]}").first',
            '@user = User.find_by_sql(["SELECT * FROM users WHERE id = ?", params[:id]]).first',
        ),
        (
            'Order.group(:customer_id).having("SUM(total) > #{minimum}")',
            'Order.group(:customer_id).having("SUM(total) > ?", minimum)',
        ),
        (
            'Order.where(id: ids).update_all("archived_reason = \'" + reason + "\'")',
            'Order.where(id: ids).update_all(["archived_reason = ?", reason])',
        ),
        (
            "User.where(format(\"email = '%s' AND age > %d\", email, age))",
            'User.where("email = ? AND age > ?", email, age)',
        ),
        (  # a constant stays where it is
            "Order.find_by_sql(\"#{BASE} WHERE region = '#{region}'\")",
            'Order.find_by_sql(["#{BASE} WHERE region = ?", region])',
        ),
        (
            "User.where.not(\"role = '#{role}'\")",
            'User.where.not("role = ?", role)',
        ),
    ],
)
def test_ruby_active_record(call, expected):
    assert _line("ruby", RUBY.format(call=call), expected[:12]) == expected


@pytest.mark.parametrize(
    "call",
    [
        "@users = User.where(\"name LIKE '%#{term}%'\")",  # the pattern needs building
        "Order.where(\"id IN (#{ids.join(',')})\")",  # a list
        "Order.joins(\"LEFT JOIN c ON c.id = o.cid AND c.kind = '#{kind}'\")",  # joins takes no binds
        "ActiveRecord::Base.connection.execute(\"DELETE FROM s WHERE email = '#{email}'\")",  # neither
        "User.where(<<~SQL)\n      email = '#{email}'\n    SQL",  # a heredoc
    ],
)
def test_ruby_no_fix_when_not_certain(call):
    assert _fixed("ruby", RUBY.format(call=call)) is None


def test_sequel_and_pg():
    sequel = """
    class Importer
      def customer(name)
        @db["SELECT * FROM customers WHERE name = '#{name}'"].first
      end
    end
    """
    assert _line("ruby", sequel, "@db") == '@db["SELECT * FROM customers WHERE name = ?", name].first'
    literal = """
    class Importer
      def literal(name)
        @db[:customers].where(Sequel.lit("name = '#{name}'")).all
      end
    end
    """
    assert _line("ruby", literal, "Sequel") == '@db[:customers].where(Sequel.lit("name = ?", name)).all'
    pg = """
    require "pg"

    def account(conn, email)
      conn.exec("SELECT * FROM accounts WHERE email = '#{email}'")
    end
    """
    assert _line("ruby", pg, "conn.") == 'conn.exec_params("SELECT * FROM accounts WHERE email = $1", [email])'
    assert _fixed("ruby", pg.replace('require "pg"\n', "")) is None  # `exec` of what, then?


# --- Kotlin ----------------------------------------------------------------------------------------

KOTLIN = """
import org.springframework.jdbc.core.JdbcTemplate

class UserRepository(private val jdbcTemplate: JdbcTemplate, private val em: EntityManager, private val connection: Connection) {{
    fun run(email: String, name: String, status: String): Any {{
        {call}
    }}
}}
"""


@pytest.mark.parametrize(
    "call,expected",
    [
        (
            "return jdbcTemplate.queryForList(\"SELECT id FROM users WHERE email = '$email'\")",
            'return jdbcTemplate.queryForList("SELECT id FROM users WHERE email = ?", email)',
        ),
        (
            'return jdbcTemplate.query("SELECT * FROM users WHERE name = \'" + name.trim() + "\'", userMapper)',
            'return jdbcTemplate.query("SELECT * FROM users WHERE name = ?", userMapper, name.trim())',
        ),
        (
            "return jdbcTemplate.update(String.format(\"UPDATE users SET status = '%s' WHERE email = '%s'\", status, email))",
            'return jdbcTemplate.update("UPDATE users SET status = ? WHERE email = ?", status, email)',
        ),
        (
            "return em.createQuery(\"SELECT u FROM User u WHERE u.name = '${name}'\", User::class.java).resultList",
            'return em.createQuery("SELECT u FROM User u WHERE u.name = :name", User::class.java)'
            '.setParameter("name", name).resultList',
        ),
        (
            "return em.createNativeQuery(\"SELECT * FROM users WHERE status = '$status'\", User::class.java).resultList",
            'return em.createNativeQuery("SELECT * FROM users WHERE status = ?1", User::class.java)'
            ".setParameter(1, status).resultList",
        ),
        (
            "return connection.prepareStatement(\"UPDATE accounts SET active = false WHERE tenant = '$name'\").use { it.executeUpdate() }",
            'return connection.prepareStatement("UPDATE accounts SET active = false WHERE tenant = ?")'
            ".also { it.setObject(1, name) }.use { it.executeUpdate() }",
        ),
        (
            "return connection.createStatement().executeQuery(\"SELECT * FROM accounts WHERE username = '${name.trim()}'\")",
            'return connection.prepareStatement("SELECT * FROM accounts WHERE username = ?")'
            ".also { it.setObject(1, name.trim()) }.executeQuery()",
        ),
    ],
)
def test_kotlin_jdbc_template_jdbc_and_jpa(call, expected):
    assert _line("kotlin", KOTLIN.format(call=call), "return") == expected


@pytest.mark.parametrize(
    "call",
    [
        "return jdbcTemplate.query(\"SELECT * FROM users WHERE name = '$name'\") { rs, _ -> rs.getString(1) }",  # lambda last
        'return jdbcTemplate.query("SELECT * FROM users ORDER BY $name", userMapper)',  # a sort key
        "return named.queryForList(\"SELECT * FROM users WHERE name = '$name'\", emptyMap<String, Any>())",  # named
        "return listOf(1).map { connection.prepareStatement(\"SELECT * FROM t WHERE n = '${it}'\") }",  # `it` taken
    ],
)
def test_kotlin_no_fix_when_not_certain(call):
    assert _fixed("kotlin", KOTLIN.format(call=call)) is None


def test_r2dbc_binds_named_parameters():
    source = """
    import org.springframework.r2dbc.core.DatabaseClient

    class Users(private val databaseClient: DatabaseClient) {
        suspend fun byEmail(email: String) =
            databaseClient.sql("SELECT * FROM users WHERE email = '$email'").fetch().one().awaitSingleOrNull()
    }
    """
    assert _line("kotlin", source, "databaseClient.sql") == (
        'databaseClient.sql("SELECT * FROM users WHERE email = :email").bind("email", email).fetch().one()'
        ".awaitSingleOrNull()"
    )


def test_exposed_names_the_column_type_and_imports_it():
    source = """
    import org.jetbrains.exposed.sql.transactions.transaction
    import org.slf4j.LoggerFactory

    class Orders {
        fun byCustomer(customer: String, limit: Int) = transaction {
            exec("SELECT * FROM orders WHERE customer = '$customer' LIMIT $limit") { rs -> rs.toOrders() }
        }
    }
    """
    assert _fixed("kotlin", source) == dedent(
        """
        import org.jetbrains.exposed.sql.IntegerColumnType
        import org.jetbrains.exposed.sql.TextColumnType
        import org.jetbrains.exposed.sql.transactions.transaction
        import org.slf4j.LoggerFactory

        class Orders {
            fun byCustomer(customer: String, limit: Int) = transaction {
                exec("SELECT * FROM orders WHERE customer = ? LIMIT ?", listOf(TextColumnType() to customer, IntegerColumnType() to limit)) { rs -> rs.toOrders() }
            }
        }
        """
    )
    # A value whose type the function does not declare: the column type cannot be named.
    assert _fixed("kotlin", source.replace("customer: String, ", "")) is None


# --- Rust ------------------------------------------------------------------------------------------


def test_sqlx_postgres_binds_in_order():
    source = """
    use sqlx::PgPool;

    pub async fn find(pool: &PgPool, email: &str, limit: i64) -> sqlx::Result<Vec<User>> {
        sqlx::query_as::<_, User>(&format!("SELECT * FROM users WHERE email = '{email}' LIMIT {}", limit))
            .fetch_all(pool)
            .await
    }
    """
    assert _line("rust", source, "query_as") == (
        'sqlx::query_as::<_, User>("SELECT * FROM users WHERE email = $1 LIMIT $2").bind(email).bind(limit)'
    )


def test_sqlx_mysql_question_marks_and_an_owned_string_is_borrowed():
    source = """
    use sqlx::MySqlPool;

    pub async fn rename(pool: &MySqlPool, name: String, id: i64) -> sqlx::Result<()> {
        sqlx::query(&format!("UPDATE users SET name = '{name}' WHERE id = {id}")).execute(pool).await?;
        Ok(())
    }
    """
    assert _line("rust", source, "sqlx::query(") == (
        'sqlx::query("UPDATE users SET name = ? WHERE id = ?").bind(&name).bind(id).execute(pool).await?;'
    )


def test_diesel_and_rusqlite():
    diesel = """
    pub fn by_status(conn: &mut PgConnection, status: &str) -> QueryResult<Vec<Order>> {
        diesel::sql_query(format!("SELECT * FROM orders WHERE status = '{status}'")).load(conn)
    }
    """
    assert _line("rust", diesel, "sql_query") == (
        'diesel::sql_query("SELECT * FROM orders WHERE status = $1")'
        ".bind::<diesel::sql_types::Text, _>(status).load(conn)"
    )
    rusqlite = """
    use rusqlite::Connection;

    pub fn delete_session(conn: &Connection, token: &str, days: i64) -> rusqlite::Result<usize> {
        conn.execute(&format!("DELETE FROM sessions WHERE token = '{}' AND age > {days}", token), [])
    }
    """
    assert _line("rust", rusqlite, "conn.execute") == (
        'conn.execute("DELETE FROM sessions WHERE token = ?1 AND age > ?2", rusqlite::params![token, days])'
    )


@pytest.mark.parametrize(
    "signature,query",
    [
        ("pool: &PgPool, q: Query<Params>", "&format!(\"SELECT * FROM users WHERE email = '{}'\", q.email)"),  # a field
        ("pool: &PgPool, id: &str", '&format!("SELECT * FROM users WHERE id = {id}")'),  # text spliced bare
        ("pool: &PgPool, email: &str", "&format!(\"SELECT * FROM users WHERE email = '{email:?}'\")"),  # Debug
        ("pool: &AnyPool, email: &str", "&format!(\"SELECT * FROM users WHERE email = '{email}'\")"),  # which dialect?
    ],
)
def test_rust_no_fix_without_a_certain_type_and_dialect(signature, query):
    source = f"""
    pub async fn find({signature}) -> sqlx::Result<User> {{
        sqlx::query_as::<_, User>({query}).fetch_one(pool).await
    }}
    """
    assert _fixed("rust", source) is None


# --- through the rule records ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,source",
    [
        ("php", "<?php\nfunction f($from) { return DB::select(\"SELECT * FROM t WHERE d >= '$from'\"); }\n"),
        (
            "csharp",
            "class A { object F(string e) { return _db.Users.FromSqlRaw($\"SELECT * FROM U WHERE E = '{e}'\"); } }\n",
        ),
        ("ruby", "def f(e)\n  User.where(\"email = '#{e}'\")\nend\n"),
        ("kotlin", "fun f(e: String) = jdbcTemplate.queryForList(\"SELECT * FROM u WHERE e = '$e'\")\n"),
        (
            "rust",
            "use rusqlite::Connection;\nfn f(conn: &Connection, t: &str) -> rusqlite::Result<usize> {\n"
            "    conn.execute(&format!(\"DELETE FROM s WHERE t = '{t}'\"), [])\n}\n",
        ),
    ],
)
def test_each_language_record_names_the_fix(language, source):
    analysis = engine.analyze(source, path=f"f.{EXTENSIONS[language]}", language=language, settings=ONLY_SQL)
    [finding] = analysis.findings
    assert finding.fix == "sql-parameterize"
    fix = compute_fix(analysis, finding, ONLY_SQL)  # what the language server's quick fix offers
    assert fix is not None and fix.title.startswith("Pass the values as query parameters")
