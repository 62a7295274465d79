; ADO.NET commands and data adapters built with their SQL: new SqlCommand(sql, connection),
; NpgsqlCommand, MySqlCommand, SqliteCommand, OracleCommand ..., and the target-typed `new(sql, conn)`.
; The SQL is @_query: what follows it is the connection, not parameters.
(object_creation_expression
  type: [
    (identifier) @_method
    (qualified_name name: (identifier) @_method)
  ]
  arguments: (argument_list . (argument (_) @_query .))
  (#match? @_method "^(Sql|Npgsql|MySql|Sqlite|SQLite|Oracle|OleDb|Odbc|DB2|Db2|Fb|SqlCe)(Command|DataAdapter)$")) @finding

(variable_declaration
  type: [
    (identifier) @_method
    (qualified_name name: (identifier) @_method)
  ]
  (variable_declarator
    (implicit_object_creation_expression (argument_list . (argument (_) @_query .))) @finding)
  (#match? @_method "^(Sql|Npgsql|MySql|Sqlite|SQLite|Oracle|OleDb|Odbc|DB2|Db2|Fb|SqlCe)(Command|DataAdapter)$"))

; `command.CommandText = sql`, `+=`, and `new SqlCommand { CommandText = sql }`: the SQL is @_query.
(assignment_expression
  left: [
    (member_access_expression name: (identifier) @_method)
    (identifier) @_method
  ]
  operator: ["=" "+="]
  right: (_) @_query
  (#eq? @_method "CommandText")) @finding

; Dapper on a connection (Query/Execute and their First/Single/Multiple/Scalar/Reader/Async forms),
; data helpers that take the SQL (`ExecuteNonQuery(sql)`: ADO.NET's own takes none), and EF Core's raw
; SQL, which takes a string whatever it holds (FromSqlRaw, ExecuteSqlRaw, SqlQueryRaw).
(invocation_expression
  function: (member_access_expression
    expression: (_) @_receiver
    name: [
      (identifier) @_method
      (generic_name (identifier) @_method)
    ])
  arguments: (argument_list) @_args
  (#match? @_method "^(Query(First|FirstOrDefault|Single|SingleOrDefault|Multiple|Unbuffered)?|Execute(Scalar|Reader|NonQuery)?|FromSqlRaw|ExecuteSqlRaw|SqlQueryRaw)(Async)?$")) @finding

; EF6 `Database.SqlQuery` / `ExecuteSqlCommand` and EF Core 2-3 `FromSql` also take a string, but an
; interpolated string written in the call binds to their FormattableString overload and is sent as
; parameters: only SQL built elsewhere reaches them as text.
(invocation_expression
  function: (member_access_expression
    expression: (_) @_receiver
    name: [
      (identifier) @_method
      (generic_name (identifier) @_method)
    ])
  arguments: (argument_list . (argument) @_first) @_args
  (#any-of? @_method "FromSql" "SqlQuery" "ExecuteSqlCommand" "ExecuteSqlCommandAsync")
  (#not-match? @_first "^\\s*(\\$|@\\$)")) @finding
