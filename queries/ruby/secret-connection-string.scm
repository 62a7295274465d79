; Literals (heredoc bodies too) holding a connection string with a password: scheme://user:pass@host,
; `host=... password=...`. Comments: URL forms only.
([(string) (heredoc_body)] @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
