; A function's top-level `return` value, or an arrow function's call body (checks/errors/javascript.py:
; functions that hand back a promise they create).
[
  (function_declaration name: (identifier) @name body: (statement_block (return_statement (_) @value)))
  (variable_declarator name: (identifier) @name value: (arrow_function body: (statement_block (return_statement (_) @value))))
  (variable_declarator name: (identifier) @name value: (arrow_function body: (call_expression) @value))
]
