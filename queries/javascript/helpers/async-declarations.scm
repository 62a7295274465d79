; Functions and methods declared `async` (checks/errors/javascript.py). A class field holding an async
; function is spelled differently by each grammar: async-declarations.local.scm here for JavaScript,
; typescript/helpers/async-declarations.scm for TypeScript and TSX.
[
  (function_declaration "async" name: (identifier) @name)
  (generator_function_declaration "async" name: (identifier) @name)
  (variable_declarator name: (identifier) @name value: [(arrow_function "async") (function_expression "async")])
  (method_definition "async" name: (property_identifier) @name)
  (pair key: (property_identifier) @name value: [(arrow_function "async") (function_expression "async")])
]
