; fetch, axios, got and Node's http/https calls. The check `js_http_call_lacks_timeout` keeps those
; whose options are visible and carry neither `timeout` nor `signal` (got, node-fetch and Node's
; http module have no timeout by default; Node's own fetch gives up after 300 s).
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
  (#any-of? @_module "axios" "got" "http" "https")
  (#any-of? @_callee "get" "post" "put" "patch" "delete" "head" "options" "request")) @finding @context

; Calls on an instance; the check keeps those made from `axios.create()` without a timeout.
(call_expression
  function: (member_expression
    object: [(identifier) (member_expression object: (this))] @_instance
    property: (property_identifier) @_callee)
  arguments: (arguments) @_args
  (#not-any-of? @_instance "axios" "got" "http" "https")
  (#any-of? @_callee "get" "post" "put" "patch" "delete" "head" "options" "request")) @finding @context
