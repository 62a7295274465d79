; Every catch clause; the check `php_catch_swallows` keeps empty ones and broad ones (Exception,
; Throwable) whose body neither rethrows, logs, reports nor uses the exception, unless the handling
; policy (checks/errors/common.py, docs/rules/BL201.md) reads them as a decision.
(catch_clause
  "catch" @finding
  type: (type_list) @_type
  name: (variable_name)? @_name
  body: (compound_statement) @_body) @context
