; Calls to query sinks: JDBC Statement/Connection, JPA EntityManager and Hibernate Session, Spring
; JdbcTemplate / NamedParameterJdbcTemplate / JdbcClient / R2DBC DatabaseClient, Jdbi, jOOQ plain-SQL
; helpers, Exposed's `exec`, Vert.x SQL clients, Android SQLiteDatabase.
; The check `sql_built_from_strings` keeps the calls whose query (the first argument) was built from
; strings.
(call_expression
  (navigation_expression (_) @_receiver . (identifier) @_method .)
  (value_arguments) @_args
  (#any-of? @_method
    "executeQuery" "executeUpdate" "execute" "executeLargeUpdate" "addBatch" "prepareStatement"
    "prepareCall" "nativeSQL" "createQuery" "createNativeQuery" "createSQLQuery" "createUpdate"
    "createCall" "query" "queryForObject" "queryForList" "queryForMap" "queryForRowSet"
    "queryForStream" "queryForLong" "queryForInt" "update" "batchUpdate" "fetch" "resultQuery"
    "where" "having" "condition" "exec" "sql" "preparedQuery" "rawQuery" "execSQL" "compileStatement"
    "sqlRestriction")) @finding

; Exposed's `exec("...")` inside `transaction { }`, kotliquery's `queryOf("...", ...)`, and the same
; sinks called on an implicit receiver (`with(jdbcTemplate) { query(...) }`).
(call_expression
  (identifier) @_method
  (value_arguments) @_args
  (#any-of? @_method "exec" "queryOf" "executeQuery" "executeUpdate" "prepareStatement" "createNativeQuery"
    "queryForObject" "queryForList" "queryForMap" "rawQuery" "execSQL")) @finding

; A single-argument call with explicit type arguments, `jdbc.queryForObject<Long>("...")`, which this
; grammar reads as `(a < T) > (arg)`.
(binary_expression
  left: (binary_expression
    left: (navigation_expression (_) @_receiver . (identifier) @_method .)
    operator: "<")
  operator: ">"
  right: (parenthesized_expression) @_args
  (#any-of? @_method "queryForObject" "queryForList" "queryForStream" "query" "createQuery"
    "createNativeQuery" "exec")) @finding

; Project helpers: runQuery, execSql, rawQuery, queryOne ...
(call_expression
  [
    (identifier) @_method
    (navigation_expression (_) @_receiver . (identifier) @_method .)
  ]
  (value_arguments) @_args
  (#match? @_method "^(((run|exec|execute|do|raw|db|sql|native)(Query|Sql|SQL|Raw|Statement|Select)[A-Za-z]*)|query(Db|One|All|Many|First|Rows?|Raw|Single))$")) @finding
