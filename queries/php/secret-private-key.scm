; Literals (heredocs and nowdocs too) that open a PEM private key block; the check requires key
; material after the header.
([(string) (encapsed_string) (heredoc) (nowdoc)] @finding (#match? @finding "PRIVATE KEY"))
