; `axios.defaults.timeout = ...` (checks/errors/javascript.py: a default timeout covers every call).
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @axios property: (property_identifier) @defaults)
    property: (property_identifier) @timeout)
  (#eq? @axios "axios") (#eq? @defaults "defaults") (#eq? @timeout "timeout"))
