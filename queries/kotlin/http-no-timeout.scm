; java.net.URL read directly (`URL(u).readText()`, `.readBytes()`, `.openStream()`): URLConnection's
; connect and read timeouts default to 0, which waits forever. The check `kotlin_client_lacks_timeout`
; also follows a local `val url = URL(...)`.
(call_expression
  (navigation_expression (_) @_receiver . (identifier) @_fn .)
  (value_arguments)
  (#any-of? @_fn "readText" "readBytes" "openStream")) @finding @context

; `url.openConnection()`: the check keeps it when the function never sets a connect or read timeout.
(call_expression
  (navigation_expression (_) @_receiver . (identifier) @_fn .)
  (value_arguments)
  (#eq? @_fn "openConnection")) @finding @context

; Spring's `RestTemplate()` and the JDK's `HttpClient.newHttpClient()` have no timeouts; the check
; looks for a request factory or request timeouts configured in the file.
(call_expression
  (identifier) @_type
  (value_arguments) @_args
  (#eq? @_type "RestTemplate")) @finding @context

(call_expression
  (navigation_expression (_) @_type . (identifier) @_fn .)
  (value_arguments)
  (#match? @_type "^(java\\.net\\.http\\.)?HttpClient$")
  (#eq? @_fn "newHttpClient")) @finding @context

; The JDK client's `send` / `sendAsync` with a request built without `.timeout(...)`: the client's
; `connectTimeout` bounds only the connection (read by the check, as for Java).
(call_expression
  (navigation_expression (_) @_client . (identifier) @_send .)
  (value_arguments . (value_argument (_) @_request))
  (#any-of? @_send "send" "sendAsync")) @finding @context
