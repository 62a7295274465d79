; `let _ = tx.commit().await;`: a Result thrown away by binding it to `_` (or an unused `_name`).
(let_declaration
  pattern: [
    "_"
    (identifier) @_name
  ]
  value: (_) @_value
  (#match? @_name "^_")) @finding @context

; `tx.commit().await.ok();`: the Result turned into an Option that nobody reads.
(expression_statement
  (call_expression
    function: (field_expression
      value: (_) @_value
      field: (field_identifier) @_drop)
    arguments: (arguments)
    (#any-of? @_drop "ok" "unwrap_or_default"))) @finding @context
