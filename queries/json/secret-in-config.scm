; A string value under a key, at any depth: the check keeps those whose key is secret-like
; (password, secret, apiKey, token...) and whose value is a credential rather than a reference or a
; placeholder. The key path (`Jwt.Key`, `db.password`) is read from the enclosing objects.
; Only keys that may name a secret are matched (the check decides with `secret_name_class`).
(pair key: (string) @_name value: (string) @finding (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
