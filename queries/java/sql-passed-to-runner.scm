; Calls to a method of this class by its name or through `this`: the check
; `sql_passed_to_runner` keeps those whose method runs the SQL handed to it.
(method_invocation
  object: (this) @_receiver
  name: (identifier) @_callee
  arguments: (argument_list) @_args) @finding

(method_invocation
  !object
  name: (identifier) @_callee
  arguments: (argument_list) @_args) @finding

; Through a field of this class (`this.repo.find(sql)`, `repo.find(sql)`): the check follows the
; field's type to its class in the same source tree.
(method_invocation
  object: [
    (identifier) @_receiver
    (field_access object: (this) field: (identifier)) @_receiver
  ]
  name: (identifier) @_callee
  arguments: (argument_list) @_args) @finding
