; An empty `catch` block (comments alone count as empty), and a promise `.catch(...)` whose handler
; does nothing or returns null/undefined. The check `js_catch_swallows` looks at the bodies.
(catch_clause
  "catch" @finding
  body: (statement_block) @_body) @context

(call_expression
  function: (member_expression property: (property_identifier) @finding)
  arguments: (arguments . [(arrow_function) (function_expression)] @_handler .)
  (#eq? @finding "catch")) @context
