; Every awaited call (checks/errors/javascript.py: callees and receivers this file awaits somewhere).
(await_expression (call_expression function: [(identifier) (member_expression)] @callee arguments: (arguments) @args))
