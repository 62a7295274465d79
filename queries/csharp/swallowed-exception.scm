; Every catch clause; the check `csharp_catch_swallows` keeps those that drop the error: an empty
; body or one that only writes to Debug, which release builds remove, unless the handling policy
; (checks/errors/common.py, docs/rules/BL201.md) reads them as a decision.
(catch_clause
  "catch" @finding
  (catch_declaration
    type: (_) @_type
    name: (identifier)? @_name)?
  (catch_filter_clause)? @_filter
  body: (block) @_body) @context
