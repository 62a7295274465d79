; A call used as a whole statement: nothing awaits, returns, assigns or `void`s its result. The
; check `js_call_returns_promise` keeps calls known to return a promise (fetch, axios, database
; drivers, Prisma, same-file async functions and methods).
(expression_statement
  (call_expression
    function: [(identifier) (member_expression)] @_callee
    arguments: (arguments) @_args) @finding) @context

; `forEach` ignores what its callback returns, so an async callback's promises float.
(call_expression
  function: (member_expression property: (property_identifier) @_each)
  arguments: (arguments . [(arrow_function "async") (function_expression "async")] @_callback)
  (#eq? @_each "forEach")) @finding @context

; `map` with an async callback whose array of promises is thrown away (not given to Promise.all).
(expression_statement
  (call_expression
    function: (member_expression property: (property_identifier) @_each)
    arguments: (arguments . [(arrow_function "async") (function_expression "async")] @_callback)
    (#eq? @_each "map")) @finding) @context
