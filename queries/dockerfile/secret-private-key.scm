; Values that open a PEM private key block; the check requires key material after the header.
([(double_quoted_string) (single_quoted_string) (shell_fragment) (json_string)] @finding (#match? @finding "PRIVATE KEY"))
