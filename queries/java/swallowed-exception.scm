; Every catch clause; the check `java_catch_swallows` keeps the empty ones and the ones that only
; print the stack trace, unless the handling policy (checks/errors/common.py, docs/rules/BL201.md)
; reads them as a decision: a narrow type, a reason written in the empty handler, a loop, a question.
(catch_clause
  "catch" @finding
  (catch_formal_parameter
    (catch_type) @_type
    name: (identifier) @_name)
  body: (block) @_body) @context
