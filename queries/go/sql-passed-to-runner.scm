; Calls to a function of this package by its name, and to a method on the same receiver name: the
; check `sql_passed_to_runner` keeps those whose function runs the SQL handed to it.
(call_expression
  function: (identifier) @_callee
  arguments: (argument_list) @_args) @finding
