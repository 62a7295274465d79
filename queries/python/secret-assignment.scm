; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a Java setter or builder method.

; password = "...", self.api_key = "...", SECRET_KEY: str = "..."
(assignment
  left: [(identifier) @_name (attribute attribute: (identifier) @_name)]
  right: (string) @finding)

; app.config["SECRET_KEY"] = "...", os.environ["API_KEY"] = "..."
(assignment
  left: (subscript subscript: (string) @_name)
  right: (string) @finding)

; TOKEN = os.getenv("TOKEN") or "..."
(assignment
  left: [(identifier) @_name (attribute attribute: (identifier) @_name)]
  right: (boolean_operator right: (string) @finding))

; connect(password="..."), Settings(api_key="...")
(keyword_argument name: (identifier) @_name value: (string) @finding)

; {"password": "..."}
(pair key: (string) @_name value: (string) @finding)

; def connect(password="...")
(default_parameter name: (identifier) @_name value: (string) @finding)
(typed_default_parameter name: (identifier) @_name value: (string) @finding)

; os.getenv("JWT_SECRET", "..."), os.environ.get(...), settings.get("password", "...")
(call
  function: (attribute attribute: (identifier) @_method)
  arguments: (argument_list . (string) @_name . (string) @finding .)
  (#any-of? @_method "getenv" "get" "setdefault"))

; if password == "..."
(comparison_operator
  [(identifier) @_name (attribute attribute: (identifier) @_name) (subscript subscript: (string) @_name)]
  (string) @finding)
(comparison_operator
  (string) @finding
  [(identifier) @_name (attribute attribute: (identifier) @_name)])

; if request.headers.get("X-Api-Key") != "..."
(comparison_operator
  (call
    function: (attribute attribute: (identifier) @_method)
    arguments: (argument_list . (string) @_name))
  (string) @finding
  (#any-of? @_method "get" "getenv" "get_header"))

; requests.get(url, auth=("user", "...")), HTTPBasicAuth("user", "..."), smtp.login("user", "...")
(keyword_argument
  name: (identifier) @_implied
  value: (tuple . (_) . (string) @finding .)
  (#eq? @_implied "auth"))
(call
  function: [(identifier) @_implied (attribute attribute: (identifier) @_implied)]
  arguments: (argument_list . (_) . (string) @finding .)
  (#any-of? @_implied "HTTPBasicAuth" "HTTPDigestAuth" "BasicAuth" "PlainCredentials" "login"))

; make_password("..."), generate_password_hash("..."), bcrypt.hashpw(b"...", salt), user.set_password("...")
(call
  function: [(identifier) @_implied (attribute attribute: (identifier) @_implied)]
  arguments: (argument_list . (string) @finding)
  (#any-of? @_implied "make_password" "generate_password_hash" "hashpw" "hash_password" "set_password"))

; jwt.encode(payload, "...", algorithm="HS256"), jwt.decode(token, "...")
(call
  function: (attribute object: (identifier) @_module attribute: (identifier) @_implied)
  arguments: (argument_list . (_) . (string) @finding)
  (#eq? @_module "jwt")
  (#any-of? @_implied "encode" "decode"))

; AES.new(b"...", AES.MODE_GCM), Fernet(b"...")
(call
  function: [(identifier) @_implied (attribute object: (identifier) @_module attribute: (identifier) @_implied)]
  arguments: (argument_list . (string) @finding)
  (#any-of? @_implied "Fernet" "new")
  (#any-of? @_module "AES" "DES3" "ChaCha20" "Blowfish"))
(call
  function: (identifier) @_implied
  arguments: (argument_list . (string) @finding)
  (#eq? @_implied "Fernet"))

; hmac.new(b"...", message, hashlib.sha256)
(call
  function: (attribute object: (identifier) @_module attribute: (identifier) @_implied)
  arguments: (argument_list . (string) @finding)
  (#eq? @_module "hmac")
  (#eq? @_implied "new"))

; Multi-line literals (YAML, .env, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
((string) @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
((comment) @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
