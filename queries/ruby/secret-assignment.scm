; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key). "#{...}" is built at run time: the check drops it.

; API_KEY = "...", @password = "...", config.secret_key_base = "...", settings[:token] ||= "..."
([(assignment
   left: [
     (identifier) @_name
     (constant) @_name
     (instance_variable) @_name
     (class_variable) @_name
     (call method: (identifier) @_name)
     (element_reference . (_) . [(string) (simple_symbol)] @_name .)
   ]
   right: [(string) @finding (binary operator: ["||" "or"] right: (string) @finding)])
  (operator_assignment
   left: [
     (identifier) @_name
     (constant) @_name
     (instance_variable) @_name
     (call method: (identifier) @_name)
     (element_reference . (_) . [(string) (simple_symbol)] @_name .)
   ]
   right: (string) @finding)])

; { password: "...", "api_key" => "...", :token => ENV["TOKEN"] || "..." }, connect(password: "...")
; (not Rails routes: `get "reset-password" => "passwords#edit"` maps a path to a controller action)
(pair
  key: [(hash_key_symbol) (simple_symbol) (string)] @_name
  value: [(string) @finding (binary operator: ["||" "or"] right: (string) @finding)]
  (#not-match? @finding "^[\"'][a-z0-9_/]+#[a-z0-9_]+[\"']$"))

; ENV.fetch("SECRET_KEY_BASE", "..."), ENV.fetch("API_TOKEN") { "..." }
(call
  receiver: (constant) @_env
  method: (identifier) @_method
  arguments: (argument_list . (string) @_name . (string) @finding .)
  (#eq? @_env "ENV")
  (#eq? @_method "fetch"))
(call
  receiver: (constant) @_env
  method: (identifier) @_method
  arguments: (argument_list . (string) @_name .)
  block: (block body: (block_body . (string) @finding .))
  (#eq? @_env "ENV")
  (#eq? @_method "fetch"))

; def connect(password: "..."), def connect(password = "...")
(keyword_parameter name: (identifier) @_name value: (string) @finding)
(optional_parameter name: (identifier) @_name value: (string) @finding)

; if token == "...", request.headers["X-Api-Key"] != "..."
(binary
  left: [
    (identifier) @_name
    (instance_variable) @_name
    (call method: (identifier) @_name)
    (element_reference . (_) . [(string) (simple_symbol)] @_name .)
  ]
  operator: ["==" "!="]
  right: (string) @finding)

; ActiveSupport::SecurityUtils.secure_compare(token, "...")
(call
  method: (identifier) @_compare
  arguments: (argument_list
    . [(identifier) @_name (call method: (identifier) @_name) (element_reference . (_) . [(string) (simple_symbol)] @_name .)]
    . (string) @finding .)
  (#any-of? @_compare "secure_compare" "fixed_length_secure_compare"))

; request.basic_auth("user", "..."), conn.basic_auth "user", "..."
(call
  method: (identifier) @_implied
  arguments: (argument_list . (_) . (string) @finding .)
  (#eq? @_implied "basic_auth"))

; JWT.encode(payload, "...", "HS256"), JWT.decode(token, "...", true)
(call
  receiver: (constant) @_module
  method: (identifier) @_implied
  arguments: (argument_list . (_) . (string) @finding)
  (#eq? @_module "JWT")
  (#any-of? @_implied "encode" "decode"))

; OpenSSL::HMAC.hexdigest("SHA256", "...", data)
(call
  receiver: (scope_resolution name: (constant) @_module)
  method: (identifier) @_implied
  arguments: (argument_list . (_) . (string) @finding)
  (#eq? @_module "HMAC")
  (#any-of? @_implied "hexdigest" "digest" "base64digest"))

; BCrypt::Password.create("...")
(call
  receiver: (scope_resolution name: (constant) @_module)
  method: (identifier) @_implied
  arguments: (argument_list . (string) @finding)
  (#eq? @_module "Password")
  (#eq? @_implied "create"))

; Multi-line literals (YAML, .env, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(string) (heredoc_body)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
((comment) @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
