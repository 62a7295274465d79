; fetch, axios and got calls. The check `js_http_call_lacks_timeout` keeps those whose options are
; visible and carry neither `timeout` nor `signal` (got, like fetch, has no timeout by default).
(call_expression
  function: (identifier) @_callee
  arguments: (arguments) @_args
  (#any-of? @_callee "fetch" "axios" "got")) @finding @context

; The second form: tree-sitter-typescript reads `await axios.get<T>(...)` as `(await axios.get)<T>(...)`.
(call_expression
  function: [
    (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_callee)
    (await_expression
      (member_expression
        object: (identifier) @_module
        property: (property_identifier) @_callee))
  ]
  arguments: (arguments) @_args
  (#any-of? @_module "axios" "got")
  (#any-of? @_callee "get" "post" "put" "patch" "delete" "head" "options" "request")) @finding @context

; Calls on an instance; the check keeps those made from `axios.create()` without a timeout.
(call_expression
  function: (member_expression
    object: [(identifier) (member_expression object: (this))] @_instance
    property: (property_identifier) @_callee)
  arguments: (arguments) @_args
  (#not-any-of? @_instance "axios" "got")
  (#any-of? @_callee "get" "post" "put" "patch" "delete" "head" "options" "request")) @finding @context
