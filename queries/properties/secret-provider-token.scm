; The tree is bash's reading of the file as core/properties.py renders it: each entry `NAME=VALUE`
; on its first line, its name over the key (letters, digits and `_` kept), its value where the file
; has it (letters, digits and `_./:@%+,=-` kept, any other byte `_`); comment lines, lines a value
; continues on and entries without a value are comments. Text predicates see that rendering; the
; checks read the file's own bytes and the reader's key and value.
; Values and comments holding a provider-shaped token (the predicate is a cheap pre-filter on the
; token prefixes; the check applies the exact patterns and rejects placeholders).
((variable_assignment value: (word) @finding) (#match? @finding "AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|hooks\\.slack\\.com|[sr]k_(live|test)_|whsec_|AIza|sk-|eyJ|SG\\.|SK[0-9a-f]|npm_|pypi-|key-[0-9a-f]|shp(at|ca|pa|ss)_|do[pro]_v1_|hf_|django-insecure|AccountKey="))
((comment) @finding (#match? @finding "AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|hooks\\.slack\\.com|[sr]k_(live|test)_|whsec_|AIza|sk-|eyJ|SG\\.|SK[0-9a-f]|npm_|pypi-|key-[0-9a-f]|shp(at|ca|pa|ss)_|do[pro]_v1_|hf_|django-insecure|AccountKey="))

; A lone 40-character base64 value: an AWS secret access key when its key id is close by.
((variable_assignment value: (word) @finding) (#match? @finding "^[A-Za-z0-9/+]{40}$"))
