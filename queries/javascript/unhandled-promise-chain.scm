; A promise chain used as a statement. The check `js_chain_lacks_catch` keeps chains that call
; `.then(...)` with no `.catch(...)` and no rejection handler (a second argument to `then`).
(expression_statement
  (call_expression
    function: (member_expression property: (property_identifier) @_last)) @finding) @context
