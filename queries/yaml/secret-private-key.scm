; Values that open a PEM private key block; the check requires key material after the header.
([(plain_scalar) (double_quote_scalar) (single_quote_scalar) (block_scalar)] @finding (#match? @finding "PRIVATE KEY"))
