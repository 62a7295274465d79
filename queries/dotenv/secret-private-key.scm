; Values that open a PEM private key block; the check requires key material after the header.
((variable_assignment value: [(string) (raw_string)] @finding) (#match? @finding "PRIVATE KEY"))
