; `ENV KEY=value`, `ENV KEY value` and `ARG KEY=value`: the check keeps those whose name is
; secret-like and whose value is a credential. Both are baked into the image: ENV in its
; configuration, an ARG default in its build history (`docker history`).
; Only keys that may name a secret are matched (the check decides with `secret_name_class`).
(env_pair name: (_) @_name value: (_) @finding (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
(arg_instruction name: (_) @_name default: (_) @finding (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
