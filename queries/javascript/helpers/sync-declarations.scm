; Function and method declarations, async or not: the checks keep those without `async`
; (checks/errors/javascript.py).
[
  (function_declaration name: (identifier) @name) @decl
  (variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)] @decl)
  (method_definition name: (property_identifier) @name) @decl
]
