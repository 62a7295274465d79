; Results discarded with a trailing `_` (`v, _ := f()`, `_ = f()`), and calls used as statements.
; The check `go_discards_error` decides from well-known APIs and the file's own declarations
; whether the dropped value is an error.
(short_var_declaration
  left: (expression_list (identifier) @_blank .)
  right: (expression_list . (call_expression function: (_) @_callee) @_call .)
  (#eq? @_blank "_")) @finding @context

(assignment_statement
  left: (expression_list (identifier) @_blank .)
  operator: "="
  right: (expression_list . (call_expression function: (_) @_callee) @_call .)
  (#eq? @_blank "_")) @finding @context

(expression_statement
  (call_expression function: (_) @_callee) @_call) @finding @context
