; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key). A value may be converted on the way: "...".to_string(),
; "...".into(), String::from("..."), Some("..."), SecretString::new("...").

; const API_KEY: &str = "...", static PASSWORD: &str = r#"..."#
(const_item
  name: (identifier) @_name
  value: [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ]
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))
(static_item
  name: (identifier) @_name
  value: [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ]
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; let password = "...", let token: String = "...".to_string()
(let_declaration
  pattern: (identifier) @_name
  value: [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ]
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; Config { password: "...".into(), api_key: Some(String::from("...")) }
(field_initializer
  field: (field_identifier) @_name
  value: [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ]
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))
(field_initializer
  field: (field_identifier) @_name
  value: (call_expression
    function: (identifier) @_some
    arguments: (arguments . (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .)) .))
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; self.secret = "...".to_owned(), config.password = String::from("...")
(assignment_expression
  left: [(identifier) @_name (field_expression field: (field_identifier) @_name)]
  right: [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ]
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; let secret = env::var("JWT_SECRET").unwrap_or("...".to_string()), .unwrap_or_else(|_| "...".into())
(call_expression
  function: (field_expression
    value: (call_expression
      function: [(identifier) @_var (scoped_identifier name: (identifier) @_var)]
      arguments: (arguments . (string_literal) @_name .))
    field: (field_identifier) @_unwrap)
  arguments: (arguments . [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
    (closure_expression body: [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ])
  ] .)
  (#eq? @_var "var")
  (#any-of? @_unwrap "unwrap_or" "unwrap_or_else")
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; if token == "...", if api_key != "..."
(binary_expression
  left: [(identifier) @_name (field_expression field: (field_identifier) @_name)]
  operator: ["==" "!="]
  right: [(string_literal) (raw_string_literal)] @finding)

; .header("X-Api-Key", "..."), env::set_var("API_KEY", "...")
(call_expression
  function: [(field_expression field: (field_identifier) @_method) (scoped_identifier name: (identifier) @_method)]
  arguments: (arguments . (string_literal) @_name . [(string_literal) (raw_string_literal)] @finding .)
  (#any-of? @_method "header" "set_var"))

; reqwest: .basic_auth("user", Some("...")), .bearer_auth("...")
(call_expression
  function: (field_expression field: (field_identifier) @_implied)
  arguments: (arguments . (_) . [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ] .)
  (#eq? @_implied "basic_auth")
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))
(call_expression
  function: (field_expression field: (field_identifier) @_implied)
  arguments: (arguments . [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ] .)
  (#eq? @_implied "bearer_auth")
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; EncodingKey::from_secret(b"..."), DecodingKey::from_secret("...".as_ref()), Hmac::<Sha256>::new_from_slice(b"...")
(call_expression
  function: (scoped_identifier name: (identifier) @_implied)
  arguments: (arguments . [
    (string_literal) @finding
    (raw_string_literal) @finding
    (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments))
    (call_expression function: [(identifier) (scoped_identifier)] @_wrapper arguments: (arguments . [(string_literal) (raw_string_literal)] @finding .))
    (call_expression function: (identifier) @_some arguments: (arguments . (call_expression function: (field_expression value: [(string_literal) (raw_string_literal)] @finding) arguments: (arguments)) .))
  ] .)
  (#any-of? @_implied "from_secret" "from_base64_secret" "new_from_slice")
  (#match? @_wrapper "^(Some|String::from|(Secret|SecretString|SecretBox|Sensitive)::(new|from))$")
  (#eq? @_some "Some"))

; Multi-line literals (YAML, .env, TOML text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(string_literal) (raw_string_literal)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
([(line_comment) (block_comment)] @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
