; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a Java setter or builder method.

; private static final String PASSWORD = "...";  char[] pass = "...".toCharArray();
(variable_declarator
  name: (identifier) @_name
  value: (string_literal) @finding)
(variable_declarator
  name: (identifier) @_name
  value: (method_invocation
    object: (string_literal) @finding
    name: (identifier) @_conversion)
  (#any-of? @_conversion "toCharArray" "getBytes"))

; this.apiKey = "...";
(assignment_expression
  left: [(identifier) @_name (field_access field: (identifier) @_name)]
  right: (string_literal) @finding)

; dataSource.setPassword("..."), builder.password("..."), .apiKey("...")
(method_invocation
  name: (identifier) @_setter
  arguments: (argument_list . (string_literal) @finding .)
  (#match? @_setter "(?i)(pass|pwd|secret|token|key|credential|auth)"))

; props.put("password", "..."), props.setProperty("mail.smtp.password", "..."), conn.addHeader("Authorization", "...")
(method_invocation
  name: (identifier) @_method
  arguments: (argument_list . (string_literal) @_name . (string_literal) @finding .)
  (#any-of? @_method "put" "setProperty" "addHeader" "setHeader" "header" "set" "add" "addProperty" "param" "queryParam" "formParam"))

; new UsernamePasswordCredentials("user", "..."), Credentials.basic("user", "..."), new PasswordAuthentication("user", "...".toCharArray())
(object_creation_expression
  type: [(type_identifier) @_implied (scoped_type_identifier (type_identifier) @_implied .)]
  arguments: (argument_list . (_) . [(string_literal) @finding (method_invocation object: (string_literal) @finding)] .)
  (#any-of? @_implied "UsernamePasswordCredentials" "PasswordAuthentication" "PlainCredentials"))
(method_invocation
  object: (identifier) @_module
  name: (identifier) @_implied
  arguments: (argument_list . (_) . (string_literal) @finding .)
  (#eq? @_module "Credentials")
  (#eq? @_implied "basic"))

; passwordEncoder.encode("..."), encoder.encode("...")
(method_invocation
  object: (identifier) @_encoder
  name: (identifier) @_implied
  arguments: (argument_list . (string_literal) @finding .)
  (#match? @_encoder "(?i)(password)?encoder$")
  (#eq? @_implied "encode"))

; new SecretKeySpec("...".getBytes(), "AES")
(object_creation_expression
  type: [(type_identifier) @_implied (scoped_type_identifier (type_identifier) @_implied .)]
  arguments: (argument_list . [(string_literal) @finding (method_invocation object: (string_literal) @finding)])
  (#eq? @_implied "SecretKeySpec"))

; DriverManager.getConnection(url, "user", "...")
(method_invocation
  name: (identifier) @_implied
  arguments: (argument_list . (_) . (_) . (string_literal) @finding .)
  (#eq? @_implied "getConnection"))

; Algorithm.HMAC256("..."), Jwts.builder().signWith(SignatureAlgorithm.HS256, "..."), Keys.hmacShaKeyFor("...".getBytes())
(method_invocation
  name: (identifier) @_implied
  arguments: (argument_list (string_literal) @finding .)
  (#any-of? @_implied "HMAC256" "HMAC384" "HMAC512" "signWith" "setSigningKey"))
(method_invocation
  name: (identifier) @_implied
  arguments: (argument_list . (method_invocation object: (string_literal) @finding name: (identifier) @_conversion) .)
  (#any-of? @_implied "hmacShaKeyFor" "HMAC256" "HMAC384" "HMAC512" "signWith" "setSigningKey")
  (#eq? @_conversion "getBytes"))

; password.equals("..."), "...".equals(token)
(method_invocation
  object: [(identifier) @_name (field_access field: (identifier) @_name)]
  name: (identifier) @_equals
  arguments: (argument_list . (string_literal) @finding .)
  (#any-of? @_equals "equals" "equalsIgnoreCase"))
(method_invocation
  object: (string_literal) @finding
  name: (identifier) @_equals
  arguments: (argument_list . [(identifier) @_name (field_access field: (identifier) @_name)] .)
  (#any-of? @_equals "equals" "equalsIgnoreCase"))

; request.getHeader("X-Api-Key").equals("..."), "...".equals(request.getHeader("X-Api-Key"))
(method_invocation
  object: (method_invocation
    name: (identifier) @_method
    arguments: (argument_list . (string_literal) @_name .))
  name: (identifier) @_equals
  arguments: (argument_list . (string_literal) @finding .)
  (#any-of? @_method "getHeader" "getParameter" "getenv" "getProperty")
  (#any-of? @_equals "equals" "equalsIgnoreCase"))
(method_invocation
  object: (string_literal) @finding
  name: (identifier) @_equals
  arguments: (argument_list . (method_invocation
    name: (identifier) @_method
    arguments: (argument_list . (string_literal) @_name .)) .)
  (#any-of? @_method "getHeader" "getParameter" "getenv" "getProperty")
  (#any-of? @_equals "equals" "equalsIgnoreCase"))

; @Connector(password = "...")
(element_value_pair key: (identifier) @_name value: (string_literal) @finding)

; Multi-line literals (YAML, .env, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
((string_literal) @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
([(line_comment) (block_comment)] @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
