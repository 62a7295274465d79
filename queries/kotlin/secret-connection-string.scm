; Literals holding a connection string with a password: scheme://user:pass@host, JDBC
; `?password=`, `host=... password=...`. Comments: URL forms only.
([(string_literal) (multiline_string_literal)] @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
([(line_comment) (block_comment)] @finding (#match? @finding "://|@tcp\\(|@unix\\("))
