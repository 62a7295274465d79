; Calls to a function of this file by its name or through `self`/`cls`: the check
; `sql_passed_to_runner` keeps those whose function runs the SQL handed to it.
(call
  function: [
    (identifier) @_callee
    (attribute object: (identifier) @_receiver attribute: (identifier) @_callee)
  ]
  arguments: (argument_list) @_args) @finding
