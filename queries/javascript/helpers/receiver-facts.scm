; Classes and object literals with async methods, and objects made with `new` of a class
; (checks/errors/javascript.py: which receivers have which async methods).
[
  (class_declaration name: (_) @class body: (class_body (method_definition "async" name: (property_identifier) @method)))
  (variable_declarator name: (identifier) @object value: (new_expression constructor: (identifier) @class))
  (variable_declarator name: (identifier) @object value: (object (method_definition "async" name: (property_identifier) @method)))
  (variable_declarator name: (identifier) @object value: (object (pair key: (property_identifier) @method value: [(arrow_function "async") (function_expression "async")])))
]
