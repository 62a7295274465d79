; Every catch block; the check `kotlin_swallows` keeps empty ones and ones that only print the stack
; trace, unless the handling policy (checks/errors/common.py, docs/rules/BL201.md) reads them as a
; decision.
(catch_block
  "catch" @finding
  (identifier) @_name
  (block) @_body) @context

; `runCatching { ... }` (and `x.runCatching { ... }`); the check `kotlin_swallows` keeps those whose
; failure nothing looks at: the Result dropped as a statement, or unwrapped with getOrNull /
; getOrDefault / getOrElse into a default.
(call_expression
  [
    (identifier) @_fn
    (navigation_expression (_) . (identifier) @_fn .)
  ]
  (annotated_lambda (lambda_literal) @_lambda)
  (#eq? @_fn "runCatching")) @finding @context
