; An empty `catch` block, and a promise `.catch(...)` whose handler does nothing. The check
; `js_catch_swallows` looks at the bodies and the handling policy (checks/errors/common.py): a reason
; written in the block, a loop, a question, code after it that acts on the failure.
(catch_clause
  "catch" @finding
  body: (statement_block) @_body) @context

(call_expression
  function: (member_expression property: (property_identifier) @finding)
  arguments: (arguments . [(arrow_function) (function_expression)] @_handler .)
  (#eq? @finding "catch")) @context
