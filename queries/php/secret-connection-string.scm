; Literals holding a connection string with a password: scheme://user:pass@host,
; user:pass@tcp(host), `host=... password=...`, PDO DSN `;password=`. Comments: URL forms only.
([(string) (encapsed_string) (heredoc) (nowdoc)] @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
