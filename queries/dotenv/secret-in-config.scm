; `KEY=value`, `export KEY="value"`, `KEY='value'`: the check keeps those whose name is secret-like
; and whose value is a credential. `KEY=${OTHER}` and `KEY=$(cmd)` are expansions, not literals, and
; `.env.example` / `.env.sample` / `.env.template` files are skipped as placeholders by intent.
; Only keys that may name a secret are matched (the check decides with `secret_name_class`).
(variable_assignment
  name: (variable_name) @_name
  value: [(word) (string) (raw_string)] @finding
  (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
