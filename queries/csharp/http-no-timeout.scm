; Requests through an HttpClient: the check `csharp_http_client_lacks_timeout` keeps those whose
; client this file creates with `new HttpClient(...)` and never gives a Timeout (it then waits 100 s
; per request). Clients handed in (IHttpClientFactory, typed clients) are configured where they are
; registered, and are left alone.
(invocation_expression
  function: (member_access_expression
    expression: (identifier) @_receiver
    name: (identifier) @_fn)
  arguments: (argument_list) @_args
  (#match? @_fn "^(Get|Post|Put|Patch|Delete|Send)(AsJson|FromJson|String|ByteArray|Stream)?Async$")) @finding @context
