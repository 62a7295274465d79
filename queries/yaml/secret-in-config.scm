; A scalar value under a key: the check keeps those whose key is secret-like (password, secret,
; api-key, token...) and whose value is a credential rather than a reference or a placeholder.
; The key path (`spring.datasource.password`) is read from the enclosing mappings.
; Only keys that may name a secret are matched (the check decides with `secret_name_class`).
(block_mapping_pair
  key: (_) @_name
  value: (flow_node [(plain_scalar) (double_quote_scalar) (single_quote_scalar)] @finding)
  (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
(flow_pair
  key: (_) @_name
  value: (flow_node [(plain_scalar) (double_quote_scalar) (single_quote_scalar)] @finding)
  (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
