; A scalar value under a key: the check keeps those whose key is secret-like (password, secret,
; api-key, token...) and whose value is a credential rather than a reference or a placeholder.
; The key path (`spring.datasource.password`) is read from the enclosing mappings.
(block_mapping_pair
  key: (_) @_name
  value: (flow_node [(plain_scalar) (double_quote_scalar) (single_quote_scalar)] @finding))
(flow_pair
  key: (_) @_name
  value: (flow_node [(plain_scalar) (double_quote_scalar) (single_quote_scalar)] @finding))
