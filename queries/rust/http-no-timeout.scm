; reqwest's `get` shortcut builds a default client, which has no timeout.
(call_expression
  function: (scoped_identifier path: (identifier) @_pkg name: (identifier) @_fn) @_callee
  (#eq? @_pkg "reqwest")
  (#eq? @_fn "get")) @finding @context

; A client with reqwest's defaults (no timeout): `Client::new()`, `Client::default()`, and
; `Client::builder()` / `ClientBuilder::new()` chains. The check `rust_client_lacks_timeout` keeps
; reqwest's async clients (the blocking one defaults to 30 s) that set no `.timeout(...)`.
(call_expression
  function: (scoped_identifier
    path: [
      (identifier) @_type
      (scoped_identifier name: (identifier) @_type)
    ]
    name: (identifier) @_fn) @_callee
  arguments: (arguments)
  (#any-of? @_type "Client" "ClientBuilder")
  (#any-of? @_fn "new" "default" "builder")) @finding @context
