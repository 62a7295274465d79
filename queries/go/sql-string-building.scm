; Calls to query sinks: database/sql and pgx (Query/Exec/QueryRow/Prepare and their Context
; variants), sqlx (Get/Select/Queryx/NamedExec/MustExec ...), gorm (Raw/Exec and condition helpers),
; bun (NewRaw), pgx v3 (QueryEx/ExecEx/QueryRowEx).
; The check `sql_built_from_strings` keeps the calls whose query was built from strings.
(call_expression
  function: (selector_expression
    operand: (_) @_receiver
    field: (field_identifier) @_method)
  arguments: (argument_list) @_args
  (#any-of? @_method
    "Query" "QueryContext" "QueryRow" "QueryRowContext" "Exec" "ExecContext" "Prepare" "PrepareContext"
    "Queryx" "QueryRowx" "QueryxContext" "QueryRowxContext" "Preparex" "PreparexContext"
    "Get" "Select" "GetContext" "SelectContext" "MustExec" "MustExecContext"
    "NamedExec" "NamedQuery" "NamedExecContext" "NamedQueryContext"
    "Raw" "NewRaw" "Where" "Or" "Not" "Having" "Joins" "Order" "Group"
    "QueryEx" "ExecEx" "QueryRowEx")) @finding

; Project helpers that run SQL: runQuery(...), s.execSQL(...), QueryOne(...).
(call_expression
  function: [
    (identifier) @_method
    (selector_expression operand: (_) @_receiver field: (field_identifier) @_method)
  ]
  arguments: (argument_list) @_args
  (#match? @_method "^((run|Run|exec|Exec|execute|Execute|raw|Raw|db|DB|sql|SQL|must|Must)(Query|SQL|Sql|Raw|Statement|Select)[A-Za-z]*|[qQ]uery(One|All|Many|First|Rows?|Raw|Single)|(db|raw|DB|Raw)(Execute|Exec|Query|Select))$")) @finding
