; Coroutines launched outside structured concurrency (GlobalScope, an ad-hoc CoroutineScope(...) or
; MainScope()): an exception in one has no parent to go to and reaches the thread's uncaught
; exception handler. The check `kotlin_launch_without_handler` keeps those with no handler.
(call_expression
  (navigation_expression
    [
      (identifier) @_scope
      (call_expression (identifier) @_scope)
    ] @_receiver
    (identifier) @_method)
  (annotated_lambda) @_lambda
  (#eq? @_method "launch")
  (#any-of? @_scope "GlobalScope" "CoroutineScope" "MainScope")) @finding
