; Literals holding a connection string with a password: scheme://user:pass@host,
; user:pass@tcp(host), `host=... password=...`, JDBC `?password=`. Comments: URL forms only.
((string) @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
