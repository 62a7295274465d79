; The package-level helpers use http.DefaultClient, which has no timeout at all.
(call_expression
  function: (selector_expression
    operand: (identifier) @_pkg
    field: (field_identifier) @_fn)
  (#eq? @_pkg "http")
  (#any-of? @_fn "Get" "Post" "Head" "PostForm")) @finding @context

(call_expression
  function: (selector_expression
    operand: (selector_expression
      operand: (identifier) @_pkg
      field: (field_identifier) @_client)
    field: (field_identifier) @_fn)
  (#eq? @_pkg "http")
  (#eq? @_client "DefaultClient")
  (#any-of? @_fn "Get" "Post" "Head" "PostForm" "Do")) @finding @context

; A client built without `Timeout:`; the check `go_client_lacks_timeout` reads the fields.
(composite_literal
  type: (qualified_type
    package: (package_identifier) @_pkg
    name: (type_identifier) @_type)
  body: (literal_value) @_fields
  (#eq? @_pkg "http")
  (#eq? @_type "Client")) @finding @context
