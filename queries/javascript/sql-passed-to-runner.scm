; Calls to a function of this file by its name or through `this`: the check
; `sql_passed_to_runner` keeps those whose function runs the SQL handed to it.
(call_expression
  function: [
    (identifier) @_callee
    (member_expression object: [(this) (identifier)] @_receiver property: (property_identifier) @_callee)
  ]
  arguments: (arguments) @_args) @finding

; A method of a class held in a field: `this.repo.select(sql)` (sql_js_fields.py reads what `repo` is).
(call_expression
  function: (member_expression
    object: (member_expression object: (this) property: (property_identifier)) @_receiver
    property: (property_identifier) @_callee)
  arguments: (arguments) @_args) @finding
