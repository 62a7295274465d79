; Async functions and methods with their bodies (checks/errors/javascript.py: those that never reject).
[
  (function_declaration "async" name: (identifier) @name body: (statement_block) @body)
  (variable_declarator name: (identifier) @name value: [(arrow_function "async" body: (statement_block) @body)
                                                        (function_expression "async" body: (statement_block) @body)])
  (method_definition "async" name: (property_identifier) @name body: (statement_block) @body)
]
