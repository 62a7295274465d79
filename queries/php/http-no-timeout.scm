; Guzzle clients: `new Client([...])` whose options carry no `timeout` (Guzzle's default of 0 waits
; forever). The check `php_http_lacks_timeout` resolves the class to GuzzleHttp\Client through the
; file's `use` lines and reads the options and the requests made with the client.
(object_creation_expression
  [(name) (qualified_name)] @_class
  (#match? @_class "(?i)(client|guzzle|http)$")) @finding @context

; curl: `curl_exec($ch)` in a function that opened the handle and never set CURLOPT_TIMEOUT.
(function_call_expression
  function: (name) @_fn
  (#eq? @_fn "curl_exec")) @finding @context
