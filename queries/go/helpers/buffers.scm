; Declared types and initial values of variables, parameters and struct fields (checks/errors/go.py:
; which writers are in-memory buffers, builders and hashes, and which fields are files).
[
  (var_spec name: (identifier) @name type: (_) @type)
  (short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . (_) @value))
  (parameter_declaration name: (identifier) @name type: (_) @type)
  (field_declaration name: (field_identifier) @field type: (_) @type)
]
