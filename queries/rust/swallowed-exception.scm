; `if let Err(e) = call() {}`: the error is matched and then nothing is done with it.
(if_expression
  condition: (let_condition
    pattern: (tuple_struct_pattern type: (identifier) @_err) @finding)
  consequence: (block) @_body
  (#eq? @_err "Err")) @context

; `Err(_) => {}` and `Err(e) => ()` arms. The check `rust_err_arm_is_empty` keeps the arms that catch
; any error (not one variant, not under a guard) and do nothing, without a comment saying why.
(match_arm
  pattern: (match_pattern (tuple_struct_pattern type: (identifier) @_err) @finding)
  value: [(block) (unit_expression)] @_body
  (#eq? @_err "Err")) @context
