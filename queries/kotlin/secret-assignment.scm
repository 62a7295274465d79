; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a setter or builder method.
; "$name" and "${...}" templates are built at run time: the check drops them.

; const val API_KEY = "...", private val password = """...""", val key = "...".toByteArray()
(property_declaration
  (variable_declaration . (identifier) @_name)
  [(string_literal) (multiline_string_literal)] @finding)
(property_declaration
  (variable_declaration . (identifier) @_name)
  (call_expression
    (navigation_expression . [(string_literal) (multiline_string_literal)] @finding . (identifier) @_conversion .)
    (value_arguments))
  (#any-of? @_conversion "toByteArray" "toCharArray"))

; val secret = System.getenv("JWT_SECRET") ?: "..."
(property_declaration
  (variable_declaration . (identifier) @_name)
  (binary_expression operator: "?:" right: [(string_literal) (multiline_string_literal)] @finding))

; this.password = "...", config.apiKey = "...", props["password"] = "...", hikari.apply { password = "..." }
(assignment
  left: [
    (identifier) @_name
    (navigation_expression (identifier) @_name .)
    (index_expression . (_) . [(string_literal) (multiline_string_literal)] @_name .)
  ]
  right: [(string_literal) (multiline_string_literal)] @finding)

; Database.connect(url, user = "orders", password = "..."), class Client(val apiKey: String = "...")
(value_argument . (identifier) @_name . [(string_literal) (multiline_string_literal)] @finding .)
(class_parameter (identifier) @_name [(string_literal) (multiline_string_literal)] @finding .)
(function_value_parameters (parameter . (identifier) @_name) . [(string_literal) (multiline_string_literal)] @finding)

; mapOf("password" to "..."), props.setProperty("mail.smtp.password", "..."), header("X-Api-Key", "...")
(infix_expression
  . [(string_literal) (multiline_string_literal)] @_name
  . (identifier) @_to
  . [(string_literal) (multiline_string_literal)] @finding .
  (#eq? @_to "to"))
(call_expression
  [(identifier) @_method (navigation_expression (identifier) @_method .)]
  (value_arguments . (value_argument . [(string_literal) (multiline_string_literal)] @_name .) . (value_argument . [(string_literal) (multiline_string_literal)] @finding .) .)
  (#any-of? @_method "put" "setProperty" "addHeader" "setHeader" "header" "set" "append" "setenv"))

; if (token == "..."), call.request.headers["X-Api-Key"] != "..."
(binary_expression
  left: [
    (identifier) @_name
    (navigation_expression (identifier) @_name .)
    (index_expression . (_) . [(string_literal) (multiline_string_literal)] @_name .)
  ]
  operator: ["==" "!="]
  right: [(string_literal) (multiline_string_literal)] @finding)

; dataSource.setPassword("..."), builder.apiKey("...")
(call_expression
  (navigation_expression (identifier) @_setter .)
  (value_arguments . (value_argument . [(string_literal) (multiline_string_literal)] @finding .) .)
  (#match? @_setter "(?i)(pass|pwd|secret|token|key|credential|auth)"))

; Credentials.basic("user", "..."), basicAuth("user", "..."), UsernamePasswordCredentials("user", "...")
(call_expression
  [(identifier) @_implied (navigation_expression (identifier) @_implied .)]
  (value_arguments . (value_argument) . (value_argument . [(string_literal) @finding (multiline_string_literal) @finding (call_expression (navigation_expression . [(string_literal) (multiline_string_literal)] @finding))] .) .)
  (#any-of? @_implied "basic" "basicAuth" "UsernamePasswordCredentials" "PasswordAuthentication" "PlainCredentials"))

; DriverManager.getConnection(url, "user", "...")
(call_expression
  (navigation_expression (identifier) @_implied .)
  (value_arguments . (value_argument) . (value_argument) . (value_argument . [(string_literal) (multiline_string_literal)] @finding .) .)
  (#eq? @_implied "getConnection"))

; passwordEncoder.encode("...")
(call_expression
  (navigation_expression . (identifier) @_encoder . (identifier) @_implied .)
  (value_arguments . (value_argument . [(string_literal) (multiline_string_literal)] @finding .))
  (#match? @_encoder "(?i)(password)?encoder$")
  (#eq? @_implied "encode"))

; Algorithm.HMAC256("..."), Keys.hmacShaKeyFor("...".toByteArray()), SecretKeySpec("...".toByteArray(), "AES")
(call_expression
  [(identifier) @_implied (navigation_expression (identifier) @_implied .)]
  (value_arguments . (value_argument . [(string_literal) @finding (multiline_string_literal) @finding (call_expression (navigation_expression . [(string_literal) (multiline_string_literal)] @finding . (identifier) @_conversion .))] .))
  (#any-of? @_implied "HMAC256" "HMAC384" "HMAC512" "hmacShaKeyFor" "SecretKeySpec" "signWith" "setSigningKey"))

; Multi-line literals (YAML, .env, properties text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(string_literal) (multiline_string_literal)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
([(line_comment) (block_comment)] @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
