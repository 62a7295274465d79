; ActiveRecord query methods that take SQL text: conditions (where, where.not, having, joins,
; find_by, update_all, Sequel's exclude/filter) and clauses (order, group, select, pluck), and
; statements run as they are (find_by_sql, connection.select_all / exec_query, pg's exec_params,
; sqlite3's get_first_row, Sequel's with_sql).
; The check `sql_built_from_strings` keeps the calls whose SQL was built from strings.
(call
  receiver: (_)? @_receiver
  method: (identifier) @_method
  arguments: (argument_list) @_args
  (#any-of? @_method
    "where" "rewhere" "not" "having" "joins" "find_by" "find_or_create_by" "find_or_initialize_by"
    "update_all" "exclude" "filter"
    "order" "reorder" "group" "regroup" "select" "reselect" "pluck" "pick"
    "find_by_sql" "count_by_sql" "exec_query" "exec_update" "exec_delete" "exec_insert" "select_all"
    "select_one" "select_value" "select_values" "select_rows" "exec_params" "async_exec" "sync_exec"
    "async_query" "execute_batch" "execute2" "get_first_row" "get_first_value" "with_sql"
    "fetch_rows")) @finding

; Names shared with everything else (execute, exec, query, run, fetch, insert, update, delete) are
; sinks on a database handle: `connection`, `ActiveRecord::Base.connection`, `@db`, `DB`, `conn`,
; `client` (mysql2), `raw_connection`.
(call
  receiver: (_) @_receiver
  method: (identifier) @_method
  arguments: (argument_list) @_args
  (#any-of? @_method "execute" "exec" "query" "run" "fetch" "insert" "update" "delete")
  (#match? @_receiver "(?i)(^|[.:@_])(db|database|conn|connection|client|pg|mysql|sqlite|sequel)$")) @finding

; Project helpers that run SQL: execute_sql(...), run_query(...), exec_sql(...).
(call
  receiver: (_)? @_receiver
  method: (identifier) @_method
  arguments: (argument_list) @_args
  (#match? @_method "^(execute|exec|run|raw|select)_(sql|query)$")) @finding

; Sequel datasets from SQL text: DB["SELECT ... #{x}"], the values after it as parameters.
(element_reference
  object: (_) @_receiver @_method
  .
  (_) @_query
  (#match? @_receiver "(?i)(^|[.:@_])(db|database)$")) @finding @_args
