; Values that open a PEM private key block; the check requires key material after the header.
((string) @finding (#match? @finding "PRIVATE KEY"))
