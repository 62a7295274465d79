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

; The default client handed to a helper or a library that sends with it (`github.NewClient(http.DefaultClient)`):
; the requests made with it wait as long as the server likes. (Stored in a struct, it is a library's default that
; its methods usually bound with a context deadline: not reported.)
(argument_list
  (selector_expression
    operand: (identifier) @_pkg
    field: (field_identifier) @_handed) @finding
  (#eq? @_pkg "http")
  (#eq? @_handed "DefaultClient")) @context
