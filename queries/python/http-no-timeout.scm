; Outbound HTTP through requests (module functions or a Session) or httpx. The check
; `py_http_call_lacks_timeout` decides: requests needs `timeout=` that is not None; httpx has a
; default, so only an explicit `timeout=None` counts.
(call
  function: (attribute
    object: (_) @_receiver
    attribute: (identifier) @_method)
  arguments: (argument_list) @_args
  (#any-of? @_method "get" "post" "put" "patch" "delete" "head" "options" "request"
    "stream" "Client" "AsyncClient" "send")) @finding @context
