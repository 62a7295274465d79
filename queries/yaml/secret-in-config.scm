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
; Compose's `environment:` as a list (`- POSTGRES_PASSWORD=secret`, `- "API_KEY=..."`): the item
; names its own key; the check splits it at the first `=` and reads the key path as for the mapping
; form (`services.db.environment.POSTGRES_PASSWORD`).
(block_mapping_pair
  key: (_) @_list
  value: (block_node
    (block_sequence
      (block_sequence_item
        (flow_node [(plain_scalar) (double_quote_scalar) (single_quote_scalar)] @finding))))
  (#eq? @_list "environment")
  (#match? @finding "(?i)^[\"']?[a-z_][a-z0-9_.-]*(pass|pw|secret|token|key|cred|auth)[a-z0-9_.-]*="))
(block_mapping_pair
  key: (_) @_list
  value: (flow_node
    (flow_sequence
      (flow_node [(plain_scalar) (double_quote_scalar) (single_quote_scalar)] @finding)))
  (#eq? @_list "environment")
  (#match? @finding "(?i)^[\"']?[a-z_][a-z0-9_.-]*(pass|pw|secret|token|key|cred|auth)[a-z0-9_.-]*="))
