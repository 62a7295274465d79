; Literals (verbatim and raw ones too) that open a PEM private key block; the check requires key
; material after the header.
([(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding (#match? @finding "PRIVATE KEY"))
