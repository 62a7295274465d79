; Calls to a function of this package by its name: the
; check `sql_passed_to_runner` keeps those whose function runs the SQL handed to it.
(call_expression
  function: (identifier) @_callee
  arguments: (argument_list) @_args) @finding

; `db.RunQuery(ctx, conn, sql)`: a function of another package of this module, by its import name.
(call_expression
  function: (selector_expression
    operand: (identifier) @_receiver
    field: (field_identifier) @_callee)
  arguments: (argument_list) @_args) @finding
