; Literals (heredoc bodies too) that open a PEM private key block; the check requires key material
; after the header.
([(string) (heredoc_body)] @finding (#match? @finding "PRIVATE KEY"))
