; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a Java setter or builder method.

; const password = "...", let apiKey = `...`
(variable_declarator
  name: (identifier) @_name
  value: [(string) (template_string)] @finding)

; const secret = process.env.JWT_SECRET || "..."
(variable_declarator
  name: (identifier) @_name
  value: (binary_expression operator: ["||" "??"] right: [(string) (template_string)] @finding))

; config.password = "...", headers["X-Api-Key"] = "..."
(assignment_expression
  left: [
    (identifier) @_name
    (member_expression property: (property_identifier) @_name)
    (subscript_expression index: (string) @_name)
  ]
  right: [(string) (template_string)] @finding)

; { password: "...", "api_key": "..." }
(pair
  key: [(property_identifier) (string)] @_name
  value: [(string) (template_string)] @finding)
(pair
  key: [(property_identifier) (string)] @_name
  value: (binary_expression operator: ["||" "??"] right: [(string) (template_string)] @finding))

; const { password = "..." } = options
(object_assignment_pattern
  left: (shorthand_property_identifier_pattern) @_name
  right: [(string) (template_string)] @finding)

; if (token === "...")
(binary_expression
  left: [
    (identifier) @_name
    (member_expression property: (property_identifier) @_name)
    (subscript_expression index: (string) @_name)
  ]
  operator: ["===" "==" "!==" "!="]
  right: (string) @finding)

; if (req.get("x-api-key") !== "..."), req.header("X-Api-Key") === "..."
(binary_expression
  left: (call_expression
    function: (member_expression property: (property_identifier) @_method)
    arguments: (arguments . (string) @_name .))
  operator: ["===" "==" "!==" "!="]
  right: (string) @finding
  (#any-of? @_method "get" "header" "getHeader"))

; headers.set("Authorization", "..."), request(app).set("x-api-key", "..."), res.cookie("token", "...")
(call_expression
  function: (member_expression property: (property_identifier) @_method)
  arguments: (arguments . (string) @_name . [(string) (template_string)] @finding .)
  (#any-of? @_method "set" "setHeader" "header" "append" "setItem" "put" "cookie"))

; new Sequelize("orders", "orders", "..."), new PlainCredentials("user", "...")
(new_expression
  constructor: (identifier) @_implied
  arguments: (arguments . (_) . (_) . (string) @finding)
  (#eq? @_implied "Sequelize"))
(new_expression
  constructor: (identifier) @_implied
  arguments: (arguments . (_) . (string) @finding .)
  (#any-of? @_implied "PlainCredentials" "BasicAuth"))

; bcrypt.hash("...", 10), bcrypt.hashSync("...", 10), argon2.hash("...")
(call_expression
  function: (member_expression object: (identifier) @_module property: (property_identifier) @_implied)
  arguments: (arguments . [(string) (template_string)] @finding)
  (#any-of? @_module "bcrypt" "bcryptjs" "argon2")
  (#any-of? @_implied "hash" "hashSync"))

; crypto.createHmac("sha256", "..."), crypto.createCipheriv("aes-256-gcm", "...", iv)
(call_expression
  function: (member_expression property: (property_identifier) @_implied)
  arguments: (arguments . (_) . [(string) (template_string)] @finding)
  (#any-of? @_implied "createHmac" "createCipheriv" "createDecipheriv"))

; jwt.sign(payload, "..."), jwt.verify(token, "...")
(call_expression
  function: (member_expression object: (identifier) @_module property: (property_identifier) @_implied)
  arguments: (arguments . (_) . [(string) (template_string)] @finding)
  (#eq? @_module "jwt")
  (#any-of? @_implied "sign" "verify"))

; Multi-line literals (YAML, .env, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(string) (template_string)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
((comment) @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
