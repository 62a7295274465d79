; Values holding a connection string with a password: scheme://user:pass@host,
; user:pass@tcp(host), `Server=...;Password=...`, JDBC `?password=`. Comments: URL forms only.
; Values: strings, templates and heredocs.
([(string_lit) (quoted_template) (heredoc_template)] @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
