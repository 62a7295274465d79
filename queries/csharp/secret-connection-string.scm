; Literals holding a connection string with a password: scheme://user:pass@host, ADO.NET
; `Server=...;User ID=...;Password=...`, `Pwd=`. Comments: URL forms only.
([(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding (#match? @finding "(?i)://|@tcp\\(|@unix\\(|passw(or)?d\\s*=|pwd\\s*="))
((comment) @finding (#match? @finding "://|@tcp\\(|@unix\\("))
