; `target = module.factory(...)` and `with module.factory(...) as target` (checks/errors/python.py:
; the requests sessions and httpx clients a file creates).
[
  (assignment left: (_) @target right: (call function: (attribute object: (identifier) @module attribute: (identifier) @factory)))
  (with_item value: (as_pattern (call function: (attribute object: (identifier) @module attribute: (identifier) @factory)) alias: (as_pattern_target (_) @target)))
]
