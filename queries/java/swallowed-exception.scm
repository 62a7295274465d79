; Every catch clause; the check `java_catch_swallows` keeps empty ones (comments alone count as
; empty) and broad ones (Exception, Throwable, RuntimeException) that only print the stack trace.
(catch_clause
  "catch" @finding
  (catch_formal_parameter
    (catch_type) @_type
    name: (identifier) @_name)
  body: (block) @_body) @context
