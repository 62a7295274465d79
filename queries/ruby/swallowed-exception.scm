; Every rescue clause (in begin/end, a method, a block); the check `ruby_rescue_swallows` keeps the
; broad ones (bare `rescue`, `rescue => e`, StandardError, Exception) whose body neither raises,
; retries, logs, reports nor uses the error.
(rescue
  "rescue" @finding) @context

; `value = call rescue nil`: the modifier rescues every StandardError; the check keeps the ones that
; fall back to a plain default around anything but a conversion (`Integer(x) rescue nil`).
(rescue_modifier
  "rescue" @finding) @context
