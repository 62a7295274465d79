; The tree is bash's reading of the file as core/properties.py renders it: each entry `NAME=VALUE`
; on its first line, its name over the key (letters, digits and `_` kept), its value where the file
; has it (letters, digits and `_./:@%+,=-` kept, any other byte `_`); comment lines, lines a value
; continues on and entries without a value are comments. Text predicates see that rendering; the
; checks read the file's own bytes and the reader's key and value.
; `key=value`, `key: value`, `key value`: the check keeps those whose key (`spring.datasource.password`)
; is secret-like and whose value, escapes decoded and continuation lines joined, is a credential rather
; than a reference (`${DB_PASSWORD}`) or a placeholder.
(variable_assignment
  name: (variable_name) @_name
  value: [(word) (number)] @finding
  (#match? @_name "(?i)pass|pw|secret|token|key|cred|auth"))
