; Calls to query sinks: DB-API cursors, asyncpg, SQLAlchemy, Django raw/extra/RawSQL, pandas.
; The check `sql_built_from_strings` keeps those whose query was built from strings with a
; non-constant value in it (inline or through a local variable assigned earlier).
(call
  function: (attribute
    object: (_) @_receiver
    attribute: (identifier) @_method)
  arguments: (argument_list) @_args
  (#any-of? @_method
    "execute" "executemany" "executescript" "mogrify" "raw" "extra" "text" "exec_driver_sql"
    "fetch" "fetchrow" "fetchval" "query" "read_sql" "read_sql_query" "copy_expert" "SQL"
    "execute_values" "execute_batch" "fetch_all" "fetch_one" "fetch_val" "iterate" "run" "cursor")) @finding

(call
  function: (identifier) @_method
  arguments: (argument_list) @_args
  (#any-of? @_method "text" "RawSQL" "read_sql" "read_sql_query" "execute_values" "execute_batch" "SQL")) @finding

; Project helpers that run SQL: query_db(...), run_query(...), self.execute_sql(...), db_exec(...).
(call
  function: [
    (identifier) @_method
    (attribute object: (_) @_receiver attribute: (identifier) @_method)
  ]
  arguments: (argument_list) @_args
  (#match? @_method "^_?((run|exec|execute|do|raw|db|sql|safe)_(query|sql|raw|statement|select)[a-z_]*|(query|sql)_(db|one|all|many|first|scalar|rows?|raw|exec[a-z]*)|(db|raw)_(execute|exec|query|select))$")) @finding
