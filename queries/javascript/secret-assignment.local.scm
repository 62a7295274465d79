; JavaScript's own node types for class fields and parameter defaults; TypeScript's grammar
; names them differently (typescript/secret-assignment.scm).
; class Client { apiKey = "..." }
(field_definition
  property: [(property_identifier) (private_property_identifier)] @_name
  value: [(string) (template_string)] @finding)

; function connect(password = "...")
(assignment_pattern
  left: (identifier) @_name
  right: [(string) (template_string)] @finding)
