; Functions that take SQL text: sqlx `query` / `query_as` / `query_scalar` / `query_with` / `raw_sql`
; (by path, or the names only sqlx uses), diesel `sql_query`, and sqlx's `QueryBuilder::new`.
; The `sqlx::query!` macros check their SQL at compile time and bind their arguments: not matched.
; The check `sql_built_from_strings` keeps the calls whose query was built from strings.
(call_expression
  function: [
    (scoped_identifier path: (_) @_path name: (identifier) @_name) @_method
    (generic_function function: (scoped_identifier path: (_) @_path name: (identifier) @_name) @_method)
  ]
  arguments: (arguments) @_args
  (#match? @_path "(^|::)sqlx$")
  (#any-of? @_name
    "query" "query_as" "query_scalar" "query_with" "query_as_with" "query_scalar_with" "raw_sql")) @finding

(call_expression
  function: [
    (identifier) @_method
    (generic_function function: (identifier) @_method)
  ]
  arguments: (arguments) @_args
  (#any-of? @_method "sql_query" "query_as" "query_scalar" "query_as_with" "query_scalar_with" "raw_sql")) @finding

; `diesel::sql_query(sql)`
(call_expression
  function: (scoped_identifier path: (_) @_path name: (identifier) @_name) @_method
  arguments: (arguments) @_args
  (#eq? @_name "sql_query")
  (#not-match? @_path "(^|::)sqlx$")) @finding

; `QueryBuilder::new(sql)`, `QueryBuilder::<Postgres>::new(sql)`: its first text is SQL.
(call_expression
  function: (scoped_identifier
    path: [
      (identifier) @_type
      (scoped_identifier name: (identifier) @_type)
      (generic_type type: (type_identifier) @_type)
    ]
    name: (identifier) @_new) @_method
  arguments: (arguments) @_args
  (#eq? @_type "QueryBuilder")
  (#eq? @_new "new")) @finding

; diesel's `sql::<T>(...)` fragment (a condition or an expression inside a query).
(call_expression
  function: (generic_function
    function: [
      (identifier) @_method
      (scoped_identifier name: (identifier) @_method)
    ])
  arguments: (arguments) @_args
  (#eq? @_method "sql")) @finding

; Methods that run SQL on a connection, pool, client or transaction: tokio-postgres and postgres
; (`query`, `execute`, `batch_execute`, `simple_query`, `prepare`...), rusqlite (`execute`,
; `execute_batch`, `query_row`, `prepare`...), mysql (`query_drop`, `exec_drop`...), sqlx's Executor
; (`pool.fetch_all(sql)`) and sea-orm (`execute_unprepared`). Their names are common, so the check
; keeps only receivers that read as a database handle.
(call_expression
  function: (field_expression
    value: (_) @_receiver
    field: (field_identifier) @_method)
  arguments: (arguments) @_args
  (#any-of? @_method
    "query" "execute" "prepare" "query_row" "query_one" "query_opt" "query_raw" "simple_query" "batch_execute"
    "execute_batch" "prepare_cached" "query_map" "query_first" "query_drop" "query_iter" "exec" "exec_drop"
    "exec_first" "exec_map" "query_and_then" "query_row_and_then" "fetch_all" "fetch_one" "fetch_optional"
    "fetch" "execute_unprepared")) @finding
