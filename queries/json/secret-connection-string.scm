; Values holding a connection string with a password: scheme://user:pass@host,
; user:pass@tcp(host), `Server=...;Password=...`, JDBC `?password=`. Comments: URL forms only.
; Values: strings.
((string) @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
