; String literals given to an attribute or an object key: the check keeps those whose name is
; secret-like and whose value is a credential. `"${var.x}"` is a template and `var.x` a reference,
; neither is matched. For `variable "db_password" { default = "..." }` the key path is
; `var.db_password`: the variable's label names the value.
; Only keys that may name a secret are matched (the check decides with `secret_name_class`).
(attribute
  (identifier) @_name
  (expression (literal_value (string_lit) @finding))
  (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth|^default$"))
(object_elem
  key: (expression) @_name
  val: (expression (literal_value (string_lit) @finding))
  (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
