; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a setter or builder method.
; "…" with `$var` holes is built at run time: the check drops it.

; $password = '...', $this->apiKey = '...', self::$token = '...', $config['db']['password'] = '...'
(assignment_expression
  left: [
    (variable_name (name) @_name)
    (member_access_expression name: (name) @_name)
    (scoped_property_access_expression name: (variable_name (name) @_name))
    (subscript_expression [(string) (encapsed_string)] @_name .)
  ]
  right: [(string) (encapsed_string)] @finding)

; $secret = getenv('APP_SECRET') ?: '...', $key = $_ENV['API_KEY'] ?? '...'
(assignment_expression
  left: [(variable_name (name) @_name) (member_access_expression name: (name) @_name)]
  right: [
    (conditional_expression alternative: [(string) (encapsed_string)] @finding)
    (binary_expression operator: "??" right: [(string) (encapsed_string)] @finding)
  ])

; define('STRIPE_SECRET', '...'), env('DB_PASSWORD', '...'), getenv('API_KEY') default helpers
(function_call_expression
  function: (name) @_function
  arguments: (arguments . (argument [(string) (encapsed_string)] @_name) . (argument [(string) (encapsed_string)] @finding) .)
  (#any-of? @_function "define" "env"))

; const API_KEY = '...'; (class and namespace constants)
(const_element (name) @_name . [(string) (encapsed_string)] @finding)

; private $token = '...'; function connect($password = '...'); __construct(private string $secret = '...')
(property_element
  name: (variable_name (name) @_name)
  default_value: [(string) (encapsed_string)] @finding)
(simple_parameter
  name: (variable_name (name) @_name)
  default_value: [(string) (encapsed_string)] @finding)
(property_promotion_parameter
  name: (variable_name (name) @_name)
  default_value: [(string) (encapsed_string)] @finding)

; ['password' => '...', 'api_key' => "..."] (config arrays, option arrays, headers)
(array_element_initializer
  . [(string) (encapsed_string)] @_name
  . [(string) (encapsed_string)] @finding .)

; if ($token === '...'), if ('...' == $password)
(binary_expression
  left: [(variable_name (name) @_name) (member_access_expression name: (name) @_name)]
  operator: ["===" "==" "!==" "!="]
  right: [(string) (encapsed_string)] @finding)
(binary_expression
  left: [(string) (encapsed_string)] @finding
  operator: ["===" "==" "!==" "!="]
  right: [(variable_name (name) @_name) (member_access_expression name: (name) @_name)])

; $request->header('X-Api-Key') !== '...', $_SERVER['HTTP_X_API_KEY'] === '...'
(binary_expression
  left: [
    (member_call_expression
      name: (name) @_method
      arguments: (arguments . (argument [(string) (encapsed_string)] @_name) .))
    (subscript_expression (variable_name (name) @_superglobal) [(string) (encapsed_string)] @_name .)
  ]
  operator: ["===" "==" "!==" "!="]
  right: [(string) (encapsed_string)] @finding)

; hash_equals('...', $token)
(function_call_expression
  function: (name) @_function
  arguments: (arguments . (argument [(string) (encapsed_string)] @finding) . (argument [(variable_name (name) @_name) (member_access_expression name: (name) @_name)]) .)
  (#eq? @_function "hash_equals"))

; $mailer->setPassword('...'), $client->setApiKey('...'), Http::withToken('...')
([(member_call_expression name: (name) @_setter arguments: (arguments . (argument [(string) (encapsed_string)] @finding) .))
  (scoped_call_expression name: (name) @_setter arguments: (arguments . (argument [(string) (encapsed_string)] @finding) .))]
  (#match? @_setter "(?i)(pass|pwd|secret|token|key|credential|auth)"))

; $request->withHeader('Authorization', '...'), Config::set('services.stripe.secret', '...')
([(member_call_expression name: (name) @_method arguments: (arguments . (argument [(string) (encapsed_string)] @_name) . (argument [(string) (encapsed_string)] @finding) .))
  (scoped_call_expression name: (name) @_method arguments: (arguments . (argument [(string) (encapsed_string)] @_name) . (argument [(string) (encapsed_string)] @finding) .))]
  (#any-of? @_method "set" "put" "setHeader" "withHeader" "header" "addHeader" "setParameter"))

; new PDO($dsn, 'user', '...'), new mysqli('host', 'user', '...'), mysqli_connect('host', 'user', '...')
(object_creation_expression
  [(name) @_implied (qualified_name (name) @_implied .)]
  (arguments . (_) . (_) . (argument [(string) (encapsed_string)] @finding))
  (#any-of? @_implied "PDO" "mysqli"))
(function_call_expression
  function: (name) @_implied
  arguments: (arguments . (_) . (_) . (argument [(string) (encapsed_string)] @finding))
  (#eq? @_implied "mysqli_connect"))

; Http::withBasicAuth('user', '...'), $client->withDigestAuth('user', '...')
([(member_call_expression name: (name) @_implied arguments: (arguments . (_) . (argument [(string) (encapsed_string)] @finding) .))
  (scoped_call_expression name: (name) @_implied arguments: (arguments . (_) . (argument [(string) (encapsed_string)] @finding) .))]
  (#any-of? @_implied "withBasicAuth" "withDigestAuth"))

; password_hash('...', PASSWORD_DEFAULT), bcrypt('...'), Hash::make('...')
(function_call_expression
  function: (name) @_implied
  arguments: (arguments . (argument [(string) (encapsed_string)] @finding))
  (#any-of? @_implied "password_hash" "bcrypt"))
(scoped_call_expression
  scope: (name) @_module
  name: (name) @_implied
  arguments: (arguments . (argument [(string) (encapsed_string)] @finding))
  (#eq? @_module "Hash")
  (#eq? @_implied "make"))

; hash_hmac('sha256', $payload, '...'), openssl_encrypt($data, 'aes-256-cbc', '...')
(function_call_expression
  function: (name) @_implied
  arguments: (arguments . (_) . (_) . (argument [(string) (encapsed_string)] @finding))
  (#any-of? @_implied "hash_hmac" "openssl_encrypt" "openssl_decrypt"))

; JWT::encode($payload, '...', 'HS256'), JWT::decode($jwt, '...')
(scoped_call_expression
  scope: [(name) @_module (qualified_name (name) @_module .)]
  name: (name) @_implied
  arguments: (arguments . (_) . (argument [(string) (encapsed_string)] @finding))
  (#eq? @_module "JWT")
  (#any-of? @_implied "encode" "decode"))

; Multi-line literals (YAML, .env, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(string) (encapsed_string) (heredoc) (nowdoc)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
((comment) @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
