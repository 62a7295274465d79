; Literals and comments holding a provider-shaped token (the predicate is a cheap pre-filter on the
; token prefixes; the check applies the exact patterns and rejects placeholders).
([(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding (#match? @finding "AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|hooks\\.slack\\.com|[sr]k_(live|test)_|whsec_|AIza|sk-|eyJ|SG\\.|SK[0-9a-f]|npm_|pypi-|key-[0-9a-f]|shp(at|ca|pa|ss)_|do[pro]_v1_|hf_|django-insecure|AccountKey="))
((comment) @finding (#match? @finding "AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|hooks\\.slack\\.com|[sr]k_(live|test)_|whsec_|AIza|sk-|eyJ|SG\\.|SK[0-9a-f]|npm_|pypi-|key-[0-9a-f]|shp(at|ca|pa|ss)_|do[pro]_v1_|hf_|django-insecure|AccountKey="))

; A lone 40-character base64 literal: an AWS secret access key when its key id is close by.
([(string_literal) (verbatim_string_literal)] @finding (#match? @finding "^[^A-Za-z0-9/+]{1,3}[A-Za-z0-9/+]{40}[^A-Za-z0-9/+]{1,3}$"))
