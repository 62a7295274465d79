; The http gem (`HTTP.get(url)`, `HTTP.headers(...).post(...)`) sets no timeout unless `.timeout(...)`
; is chained; Typhoeus (libcurl) has no overall limit unless given `timeout:`. Net::HTTP, and
; Faraday and HTTParty on top of it, default to 60 s open and read timeouts: they are not matched.
; The check `ruby_http_lacks_timeout` reads the chain or the options.
(call
  receiver: (_) @_receiver
  method: (identifier) @_method
  (#match? @_receiver "^HTTP\\s*(\\.|$)")
  (#any-of? @_method "get" "post" "put" "patch" "delete" "head" "options" "request")) @finding @context

(call
  receiver: [(constant) (scope_resolution)] @_receiver
  method: (identifier) @_method
  (#any-of? @_receiver "Typhoeus" "Typhoeus::Request")
  (#any-of? @_method "get" "post" "put" "patch" "delete" "head" "options" "new")) @finding @context
