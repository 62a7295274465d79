; JavaScript's grammar only: a class field holding an async function.
(field_definition property: (property_identifier) @name value: [(arrow_function "async") (function_expression "async")])
