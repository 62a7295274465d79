; `async void` methods: their caller cannot await them, and an exception escaping one is rethrown on
; the synchronization context or the thread pool, where nothing catches it (the process ends). The
; check `csharp_async_void_outside_handler` keeps those that are not event handlers.
(method_declaration
  (modifier) @_async
  returns: (predefined_type) @_void
  name: (identifier) @finding
  parameters: (parameter_list) @_params
  (#eq? @_async "async")
  (#eq? @_void "void")) @context
