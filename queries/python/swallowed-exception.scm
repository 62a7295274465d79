; Broad handlers: a bare `except:` (the first pattern sees every handler; the check keeps the
; bare ones), or `except` naming Exception/BaseException (alone, with `as`,
; dotted, or inside a tuple). The check `py_handler_swallows` keeps only those whose body neither
; re-raises, logs, nor uses the exception.
(except_clause
  "except" @finding
  (block) @_body) @context

(except_clause
  "except" @finding
  value: [
    (identifier) @_type
    (attribute attribute: (identifier) @_type)
    (parenthesized_expression (identifier) @_type)
    (tuple [(identifier) (attribute attribute: (identifier))] @_type)
    (as_pattern . [
      (identifier) @_type
      (attribute attribute: (identifier) @_type)
      (parenthesized_expression (identifier) @_type)
      (tuple [(identifier) (attribute attribute: (identifier))] @_type)
    ])
  ]
  (block) @_body
  (#match? @_type "(^|\\.)(Exception|BaseException)$")) @context
