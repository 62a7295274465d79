; `..., last := f(...)` and `..., last = f(...)` (checks/errors/go.py: what a call's last result is
; bound to elsewhere in the file says whether it is an error).
[
  (short_var_declaration left: (expression_list (_) @last .) right: (expression_list . (call_expression function: (_) @callee) .))
  (assignment_statement left: (expression_list (_) @last .) right: (expression_list . (call_expression function: (_) @callee) .))
]
