; Spring's `new RestTemplate()`, the JDK's `HttpClient.newHttpClient()` and Apache's
; `HttpClients.createDefault()` connect and read with no timeout; the check `java_client_lacks_timeout`
; looks for a request factory, request timeouts or a RequestConfig set in the file.
(object_creation_expression
  type: (type_identifier) @_type
  arguments: (argument_list) @_args
  (#eq? @_type "RestTemplate")) @finding @context

(method_invocation
  object: [(identifier) (field_access)] @_type
  name: (identifier) @_fn
  arguments: (argument_list)
  (#match? @_type "^(java\\.net\\.http\\.)?HttpClients?$|^(org\\.apache\\.http\\.impl\\.client\\.)?HttpClients$")
  (#any-of? @_fn "newHttpClient" "createDefault")) @finding @context

; java.net.URL read directly (`new URL(u).openStream()`), or `url.openConnection()` in a method that
; never sets a connect or read timeout: URLConnection's timeouts default to 0, which waits forever.
(method_invocation
  object: (_) @_receiver
  name: (identifier) @_fn
  arguments: (argument_list)
  (#any-of? @_fn "openStream" "openConnection")) @finding @context

; The JDK client's `send` / `sendAsync` with a request built without `.timeout(...)`: a client's
; `connectTimeout` bounds only the connection, so the response is awaited forever. The check
; `java_request_lacks_timeout` reads how the request was built (here, or by the callers of a helper
; that takes it as a parameter).
(method_invocation
  object: (_) @_client
  name: (identifier) @_send
  arguments: (argument_list . (_) @_request)
  (#any-of? @_send "send" "sendAsync")) @finding @context
