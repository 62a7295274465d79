; Literals (raw """ strings too) that open a PEM private key block; the check requires key material
; after the header.
([(string_literal) (multiline_string_literal)] @finding (#match? @finding "PRIVATE KEY"))
