; Calls to query sinks: JDBC Statement/Connection, JPA EntityManager and Hibernate Session,
; Spring JdbcTemplate / NamedParameterJdbcTemplate / BatchUpdateUtils, Jdbi, jOOQ plain-SQL helpers,
; Hibernate Criteria's Restrictions.sqlRestriction, JDO's PersistenceManager.newQuery.
; The check `sql_built_from_strings` keeps the calls whose query was built from strings.
(method_invocation
  object: (_)? @_receiver
  name: (identifier) @_method
  arguments: (argument_list) @_args
  (#any-of? @_method
    "executeQuery" "executeUpdate" "execute" "executeLargeUpdate" "addBatch" "prepareStatement"
    "prepareCall" "nativeSQL" "createQuery" "createNativeQuery" "createSQLQuery" "createUpdate"
    "createCall" "query" "queryForObject" "queryForList" "queryForMap" "queryForRowSet"
    "queryForStream" "queryForLong" "queryForInt" "update" "batchUpdate" "fetch" "resultQuery"
    "where" "having" "condition" "sqlRestriction" "executeBatchUpdate" "newQuery")) @finding

; Spring's PreparedStatementCreatorFactory takes the SQL it will prepare.
(object_creation_expression
  type: (type_identifier) @_method
  arguments: (argument_list) @_args
  (#eq? @_method "PreparedStatementCreatorFactory")) @finding

; Android SQLiteDatabase and project helpers: rawQuery, execSQL, runQuery, executeSql, queryOne.
(method_invocation
  object: (_)? @_receiver
  name: (identifier) @_method
  arguments: (argument_list) @_args
  (#match? @_method "^(rawQuery|execSQL|((run|exec|execute|do|raw|db|sql|native)(Query|Sql|SQL|Raw|Statement|Select)[A-Za-z]*)|query(Db|One|All|Many|First|Rows?|Raw|Single))$")) @finding
