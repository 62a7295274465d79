; A string value under a key (bare, quoted or dotted), in a table, an array of tables or an inline
; table: the check keeps those whose key is secret-like and whose value is a credential. The key path
; (`database.password`) is read from the table headers and the enclosing inline tables.
; Only keys that may name a secret are matched (the check decides with `secret_name_class`).
(pair [(bare_key) (quoted_key) (dotted_key)] @_name (string) @finding (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
