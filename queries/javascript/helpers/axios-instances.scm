; `name = x.y(args)` and `a.b = x.y(args)`; the checks keep `axios.create(...)` (checks/errors/javascript.py).
[
  (variable_declarator
    name: (identifier) @name
    value: (call_expression
      function: (member_expression object: (identifier) @axios property: (property_identifier) @create)
      arguments: (arguments) @args))
  (assignment_expression
    left: (member_expression) @name
    right: (call_expression
      function: (member_expression object: (identifier) @axios property: (property_identifier) @create)
      arguments: (arguments) @args))
]
