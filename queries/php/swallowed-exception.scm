; Every catch clause; the check `php_catch_swallows` keeps empty ones (comments alone count as
; empty) and broad ones (Exception, Throwable) whose body neither rethrows, logs, reports nor uses
; the exception.
(catch_clause
  "catch" @finding
  type: (type_list) @_type
  name: (variable_name)? @_name
  body: (compound_statement) @_body) @context
