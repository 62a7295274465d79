; Calls to query sinks. The check `sql_built_from_strings` keeps the calls whose query (the first
; argument) was built from strings with a runtime value spliced in. `@_receiver` is the handle's
; last name (`pdo` of `$pdo`, `db` of `$this->db`, `DB` of `DB::`), so one pattern reads every shape.

; Names too common to be sinks on any object (`query`, `select`, `exec`, `prepare`): only on a
; receiver named like a database handle (PDO, mysqli, Laravel's DB facade and connections,
; WordPress's $wpdb, CodeIgniter's and OpenCart's $this->db, Doctrine's connection).
(member_call_expression
  object: [
    (variable_name (name) @_receiver)
    (member_access_expression name: (name) @_receiver)
    (nullsafe_member_access_expression name: (name) @_receiver)
    (member_call_expression name: (name) @_receiver)
    (scoped_call_expression name: (name) @_receiver)
    (scoped_property_access_expression name: (variable_name (name) @_receiver))
  ]
  name: (name) @_method
  arguments: (arguments) @_args
  (#any-of? @_method
    "query" "exec" "prepare" "execute" "select" "selectOne" "insert" "update" "delete" "statement"
    "unprepared" "affectingStatement" "cursor" "scalar" "raw" "simple_query" "simpleQuery"
    "fetchAll" "fetchRow" "fetchOne" "fetchCol" "fetchPairs" "fetchAssoc" "getAll" "getRow" "getOne"
    "getCol" "GetAll" "GetRow" "GetOne" "GetCol" "Execute" "SelectLimit")
  (#match? @_receiver "(?i)^(\\w*db\\w*|\\w*pdo\\w*|\\w*sql\\w*|\\w*conn\\w*|\\w*database\\w*|link|adapter|dbal|em|entitymanager)$")) @finding

(scoped_call_expression
  scope: (_) @_receiver
  name: (name) @_method
  arguments: (arguments) @_args
  (#any-of? @_method
    "select" "selectOne" "insert" "update" "delete" "statement" "unprepared" "affectingStatement"
    "cursor" "scalar" "raw")
  (#match? @_receiver "(?i)^\\\\?(\\w+\\\\)*(DB|Capsule)$")) @finding

; Names that are sinks on any receiver: mysqli's, Doctrine DBAL's and ORM's, WordPress's $wpdb reads,
; Laravel's raw clauses, Yii's commands, SQLite3 and PrestaShop.
(member_call_expression
  object: (_) @_receiver
  name: (name) @_method
  arguments: (arguments) @_args
  (#any-of? @_method
    "real_query" "multi_query" "executeQuery" "executeStatement" "executeUpdate" "executeCacheQuery"
    "fetchAllAssociative" "fetchAllNumeric" "fetchAssociative" "fetchNumeric" "fetchFirstColumn"
    "fetchAllKeyValue" "fetchAllAssociativeIndexed" "iterateAssociative" "iterateNumeric"
    "iterateColumn" "createNativeQuery" "createQuery" "get_results" "get_var" "get_row" "get_col"
    "whereRaw" "orWhereRaw" "havingRaw" "orHavingRaw" "orderByRaw" "selectRaw" "groupByRaw"
    "createCommand" "querySingle" "executeS")) @finding

; Procedural drivers whose query comes after the connection: `@_args` is the argument that carries it.
(function_call_expression
  function: (name) @_method
  arguments: (arguments . (argument) . (argument) @_args)
  (#any-of? @_method
    "mysqli_query" "mysqli_real_query" "mysqli_multi_query" "mysqli_prepare" "mysqli_send_query"
    "pg_query" "pg_send_query" "pg_query_params" "pg_send_query_params" "sqlsrv_query"
    "sqlsrv_prepare" "odbc_exec" "odbc_prepare" "db2_exec" "db2_prepare" "oci_parse")) @finding

; Procedural drivers whose query comes first (pg_query without a connection, the removed mysql_*).
(function_call_expression
  function: (name) @_method
  arguments: (arguments) @_args
  (#any-of? @_method "mysql_query" "mysql_unbuffered_query")) @finding

(function_call_expression
  function: (name) @_method
  arguments: (arguments . (argument) .) @_args
  (#eq? @_method "pg_query")) @finding
