; Values holding a connection string with a password: scheme://user:pass@host,
; user:pass@tcp(host), `Server=...;Password=...`, JDBC `?password=`. Comments: URL forms only.
; Values: scalar values (plain, quoted and block scalars).
([(plain_scalar) (double_quote_scalar) (single_quote_scalar) (block_scalar)] @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
