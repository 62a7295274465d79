; Function and method declarations with their results and receivers (checks/errors/go.py: which of
; this file's functions return an error).
[
  (function_declaration name: (identifier) @name result: (_)? @result body: (_)? @body)
  (method_declaration
    receiver: (parameter_list (parameter_declaration name: (identifier)? @receiver))
    name: (field_identifier) @name result: (_)? @result body: (_)? @body)
]
