; An assignment to `err`. The check `go_err_overwrites_unchecked` looks back through the same
; block for an earlier assignment to `err` that nothing read in between.
(short_var_declaration
  left: (expression_list (identifier) @_err)
  (#eq? @_err "err")) @finding @context

(assignment_statement
  left: (expression_list (identifier) @_err)
  operator: "="
  (#eq? @_err "err")) @finding @context
