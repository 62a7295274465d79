; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a Java setter or builder method.

; password := "...", token := []byte("...")
(short_var_declaration
  left: (expression_list . (identifier) @_name .)
  right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @finding .))
(short_var_declaration
  left: (expression_list . (identifier) @_name .)
  right: (expression_list . (type_conversion_expression operand: [(interpreted_string_literal) (raw_string_literal)] @finding) .))

; cfg.Password = "...", secrets["api_key"] = "..."
(assignment_statement
  left: (expression_list . [
    (identifier) @_name
    (selector_expression field: (field_identifier) @_name)
    (index_expression index: (interpreted_string_literal) @_name)
  ] .)
  right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @finding .))

; var apiKey = "...", const jwtSecret = "...", var signingKey = []byte("...")
(var_spec
  name: (identifier) @_name
  value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @finding .))
(var_spec
  name: (identifier) @_name
  value: (expression_list . (type_conversion_expression operand: [(interpreted_string_literal) (raw_string_literal)] @finding) .))
(const_spec
  name: (identifier) @_name
  value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @finding .))

; Config{Password: "..."}, map[string]string{"api_key": "..."}
(keyed_element
  key: (literal_element [(identifier) (interpreted_string_literal)] @_name)
  value: (literal_element [(interpreted_string_literal) (raw_string_literal)] @finding))
(keyed_element
  key: (literal_element [(identifier) (interpreted_string_literal)] @_name)
  value: (literal_element (type_conversion_expression operand: [(interpreted_string_literal) (raw_string_literal)] @finding)))

; if token == "..."
(binary_expression
  left: [(identifier) @_name (selector_expression field: (field_identifier) @_name)]
  operator: ["==" "!="]
  right: [(interpreted_string_literal) (raw_string_literal)] @finding)

; if r.Header.Get("X-Api-Key") != "..."
(binary_expression
  left: (call_expression
    function: (selector_expression field: (field_identifier) @_method)
    arguments: (argument_list . (interpreted_string_literal) @_name .))
  operator: ["==" "!="]
  right: [(interpreted_string_literal) (raw_string_literal)] @finding
  (#any-of? @_method "Get" "Getenv" "FormValue"))

; req.Header.Set("Authorization", "..."), os.Setenv("API_KEY", "...")
(call_expression
  function: (selector_expression field: (field_identifier) @_method)
  arguments: (argument_list . (interpreted_string_literal) @_name . [(interpreted_string_literal) (raw_string_literal)] @finding .)
  (#any-of? @_method "Set" "Add" "Setenv"))

; smtp.PlainAuth("", "user@example.com", "...", "smtp.example.com")
(call_expression
  function: (selector_expression field: (field_identifier) @_implied)
  arguments: (argument_list . (_) . (_) . [(interpreted_string_literal) (raw_string_literal)] @finding)
  (#eq? @_implied "PlainAuth"))

; req.SetBasicAuth("user", "...")
(call_expression
  function: (selector_expression field: (field_identifier) @_implied)
  arguments: (argument_list . (_) . [(interpreted_string_literal) (raw_string_literal)] @finding .)
  (#eq? @_implied "SetBasicAuth"))

; bcrypt.GenerateFromPassword([]byte("..."), bcrypt.DefaultCost)
(call_expression
  function: (selector_expression field: (field_identifier) @_implied)
  arguments: (argument_list . (type_conversion_expression operand: [(interpreted_string_literal) (raw_string_literal)] @finding))
  (#eq? @_implied "GenerateFromPassword"))

; token.SignedString([]byte("...")), hmac.New(sha256.New, []byte("..."))
(call_expression
  function: (selector_expression field: (field_identifier) @_implied)
  arguments: (argument_list (type_conversion_expression operand: [(interpreted_string_literal) (raw_string_literal)] @finding) .)
  (#any-of? @_implied "SignedString" "New"))

; aes.NewCipher([]byte("..."))
(call_expression
  function: (selector_expression field: (field_identifier) @_implied)
  arguments: (argument_list . (type_conversion_expression operand: [(interpreted_string_literal) (raw_string_literal)] @finding))
  (#eq? @_implied "NewCipher"))

; Multi-line literals (YAML, .env, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(interpreted_string_literal) (raw_string_literal)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
((comment) @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
