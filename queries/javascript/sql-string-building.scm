; Calls to query sinks: node-postgres / mysql2 `query` / `execute`, knex raw helpers, sequelize
; `query` / `literal`, Prisma `$queryRawUnsafe` / `$executeRawUnsafe`, TypeORM `query` and query
; builder conditions, sqlite3 / better-sqlite3, pg-promise. Tagged templates (sql`...`) are calls
; whose argument is a template, not an argument list, so they never match.
; The check `sql_built_from_strings` keeps the calls whose query was built from strings.
; The second form is TypeScript's: with type arguments (`await pool.query<Row>(sql)`) its grammar
; puts the await inside the callee. JavaScript never produces it; one list serves both.
(call_expression
  function: [
    (member_expression
      object: (_) @_receiver
      property: (property_identifier) @_method)
    (await_expression
      (member_expression
        object: (_) @_receiver
        property: (property_identifier) @_method))
  ]
  arguments: (arguments) @_args
  (#any-of? @_method
    "query" "execute" "raw" "$queryRawUnsafe" "$executeRawUnsafe" "$queryRaw" "$executeRaw" "unsafe"
    "whereRaw" "orWhereRaw" "andWhereRaw" "havingRaw" "orHavingRaw" "orderByRaw" "groupByRaw" "joinRaw"
    "fromRaw" "literal" "where" "andWhere" "orWhere" "having" "andHaving" "orHaving"
    "run" "all" "get" "each" "exec" "prepare" "any" "one" "none" "many" "oneOrNone" "manyOrNone"
    "result" "multi")) @finding

(call_expression
  function: (identifier) @_method
  arguments: (arguments) @_args
  (#any-of? @_method "query" "execute" "raw")) @finding

; Project helpers that run SQL: runQuery(...), this.execSql(...), dbQuery(...), queryOne(...).
(call_expression
  function: [
    (identifier) @_method
    (member_expression object: (_) @_receiver property: (property_identifier) @_method)
  ]
  arguments: (arguments) @_args
  (#match? @_method "^_?((run|exec|execute|do|raw|db|sql|safe)(Query|Sql|SQL|Raw|Statement|Select)[A-Za-z]*|query(Db|One|All|Many|First|Rows?|Raw|Single)|(db|raw)(Execute|Exec|Query|Select))$")) @finding
