; Values that open a PEM private key block; the check requires key material after the header.
([(string_lit) (quoted_template) (heredoc_template)] @finding (#match? @finding "PRIVATE KEY"))
