; TypeScript's own node types for class fields and typed parameter defaults; the rest of the
; rule comes from javascript/secret-assignment.scm.
; class Client { private readonly apiKey = "..." }
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @_name
  value: [(string) (template_string)] @finding)

; function connect(password: string = "...")
(required_parameter
  pattern: (identifier) @_name
  value: [(string) (template_string)] @finding)
(optional_parameter
  pattern: (identifier) @_name
  value: [(string) (template_string)] @finding)
