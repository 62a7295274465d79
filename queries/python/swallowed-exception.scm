; Broad handlers: a bare `except:` or `except Exception/BaseException [as e]`.
; The check `py_handler_swallows` keeps only those whose body neither re-raises nor logs.
(except_clause
  "except" @finding
  .
  (block) @_body) @context

(except_clause
  "except" @finding
  value: [
    (identifier) @_type
    (as_pattern . (identifier) @_type)
    (attribute attribute: (identifier) @_type)
  ]
  (block) @_body
  (#any-of? @_type "Exception" "BaseException")) @context
