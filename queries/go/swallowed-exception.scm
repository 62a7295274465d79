; `if err != nil {}`: the error is checked and then nothing is done with it. The check
; `go_block_is_empty` treats a block holding only comments as empty.
(if_statement
  condition: (binary_expression
    left: (identifier) @_err
    operator: "!="
    right: (nil)) @finding
  consequence: (block) @_body
  (#match? @_err "^(e|[A-Za-z_]*(err|Err|error|Error))$")) @context

(if_statement
  condition: (binary_expression
    left: (nil)
    operator: "!="
    right: (identifier) @_err) @finding
  consequence: (block) @_body
  (#match? @_err "^(e|[A-Za-z_]*(err|Err|error|Error))$")) @context
