; TypeScript only: with type arguments the grammar puts the await inside the callee. The rest
; of the rule comes from javascript/sql-string-building.scm.
; `await pool.query<Row>(sql)`
(call_expression
  function: (await_expression
    (member_expression
      object: (_) @_receiver
      property: (property_identifier) @_method))
  arguments: (arguments) @_args
  (#any-of? @_method
    "query" "execute" "raw" "$queryRawUnsafe" "$executeRawUnsafe" "$queryRaw" "$executeRaw" "unsafe"
    "whereRaw" "orWhereRaw" "andWhereRaw" "havingRaw" "orHavingRaw" "orderByRaw" "groupByRaw" "joinRaw"
    "fromRaw" "literal" "where" "andWhere" "orWhere" "having" "andHaving" "orHaving"
    "run" "all" "get" "each" "exec" "prepare" "any" "one" "none" "many" "oneOrNone" "manyOrNone"
    "result" "multi")) @finding
