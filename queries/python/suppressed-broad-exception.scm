; `contextlib.suppress(...)` / `suppress(...)` whose arguments include Exception or BaseException.
; The check `py_suppress_is_contextlib` confirms a bare `suppress` was imported from contextlib.
(call
  function: [
    (attribute object: (identifier) @_module attribute: (identifier) @_name)
    (identifier) @_name
  ]
  arguments: (argument_list [(identifier) (attribute attribute: (identifier))] @_type)
  (#eq? @_name "suppress")
  (#match? @_type "(^|\\.)(Exception|BaseException)$")) @finding @context
