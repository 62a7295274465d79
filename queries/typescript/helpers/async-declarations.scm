; TypeScript's and TSX's grammars: a class field holding an async function (added to
; javascript/helpers/async-declarations.scm).
(public_field_definition name: (property_identifier) @name value: [(arrow_function "async") (function_expression "async")])
