; The tree is bash's reading of the file as core/properties.py renders it: each entry `NAME=VALUE`
; on its first line, its name over the key (letters, digits and `_` kept), its value where the file
; has it (letters, digits and `_./:@%+,=-` kept, any other byte `_`); comment lines, lines a value
; continues on and entries without a value are comments. Text predicates see that rendering; the
; checks read the file's own bytes and the reader's key and value.
; Values that open a PEM private key block on one line (`\n` escapes); the check requires key
; material after the header.
((variable_assignment value: (word) @finding) (#match? @finding "PRIVATE_KEY"))
