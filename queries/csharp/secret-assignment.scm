; Literals assigned or passed to a name: the check keeps those whose name is secret-like
; (password, api_key, client_secret, token...) and whose value is a real-looking secret.
; @_name names the value; @_implied is a call whose argument is a secret whatever it is
; called (a password, a JWT signing key); @_setter is a setter or builder method.
; $"..." with holes is built at run time: the check drops it.

; const string ApiKey = "...", private static readonly string Password = @"...", var token = "..."
(variable_declarator
  name: (identifier) @_name
  [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding)

; public string ClientSecret { get; set; } = "...";
(property_declaration
  name: (identifier) @_name
  value: [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding)

; var secret = Configuration["Jwt:Key"] ?? "...", public string Key { get; } = GetKey() ?? "..."
(variable_declarator
  name: (identifier) @_name
  (binary_expression operator: "??" right: [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding))
(property_declaration
  name: (identifier) @_name
  value: (binary_expression operator: "??" right: [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding))

; options.ClientSecret = "...", new SmtpSettings { Password = "..." }, config["ApiKey"] = "...", ["api_key"] = "..."
(assignment_expression
  left: [
    (identifier) @_name
    (member_access_expression name: (identifier) @_name)
    (element_access_expression subscript: (bracketed_argument_list . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @_name) .))
    (element_binding_expression . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @_name) .)
  ]
  right: [(string_literal) @finding (verbatim_string_literal) @finding (raw_string_literal) @finding (interpolated_string_expression) @finding (binary_expression operator: "??" right: [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding)])

; new Dictionary<string, string> { { "password", "..." } }
(initializer_expression
  (initializer_expression . [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @_name . [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding .))

; void Connect(string password = "...")
(parameter
  name: (identifier) @_name
  [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding)

; Connect(host, password: "...")
(argument
  name: (identifier) @_name
  [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding)

; if (password == "..."), if (Request.Headers["X-Api-Key"] != "...")
(binary_expression
  left: [
    (identifier) @_name
    (member_access_expression name: (identifier) @_name)
    (element_access_expression subscript: (bracketed_argument_list . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @_name) .))
  ]
  operator: ["==" "!="]
  right: [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding)

; token.Equals("..."), string.Equals(apiKey, "...")
(invocation_expression
  function: (member_access_expression
    expression: [(identifier) @_name (member_access_expression name: (identifier) @_name)]
    name: (identifier) @_equals)
  arguments: (argument_list . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding) .)
  (#eq? @_equals "Equals"))
(invocation_expression
  function: (member_access_expression expression: (predefined_type) name: (identifier) @_equals)
  arguments: (argument_list . (argument [(identifier) @_name (member_access_expression name: (identifier) @_name)]) . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding))
  (#eq? @_equals "Equals"))

; client.SetApiKey("..."), builder.WithClientSecret("...")
(invocation_expression
  function: (member_access_expression name: (identifier) @_setter)
  arguments: (argument_list . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding) .)
  (#match? @_setter "(?i)(pass|pwd|secret|token|key|credential|auth)"))

; client.DefaultRequestHeaders.Add("X-Api-Key", "..."), Environment.SetEnvironmentVariable("API_KEY", "...")
(invocation_expression
  function: (member_access_expression name: (identifier) @_method)
  arguments: (argument_list . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @_name) . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding) .)
  (#any-of? @_method "Add" "TryAdd" "TryAddWithoutValidation" "Append" "AddHeader" "SetEnvironmentVariable"))

; new NetworkCredential("user", "..."), new AuthenticationHeaderValue("Bearer", "...")
(object_creation_expression
  type: [(identifier) @_implied (qualified_name name: (identifier) @_implied)]
  arguments: (argument_list . (argument) . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding))
  (#any-of? @_implied "NetworkCredential" "AuthenticationHeaderValue"))

; new SymmetricSecurityKey(Encoding.UTF8.GetBytes("...")), new HMACSHA256(Encoding.ASCII.GetBytes("..."))
(object_creation_expression
  type: [(identifier) @_implied (qualified_name name: (identifier) @_implied)]
  arguments: (argument_list . (argument (invocation_expression
    function: (member_access_expression name: (identifier) @_conversion)
    arguments: (argument_list . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding) .))) .)
  (#any-of? @_implied "SymmetricSecurityKey" "HMACSHA256" "HMACSHA384" "HMACSHA512")
  (#eq? @_conversion "GetBytes"))

; await userManager.CreateAsync(admin, "..."), hasher.HashPassword(user, "...")
(invocation_expression
  function: (member_access_expression expression: (_) @_receiver name: (identifier) @_implied)
  arguments: (argument_list . (argument) . (argument [(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding) .)
  (#any-of? @_implied "CreateAsync" "AddPasswordAsync" "HashPassword")
  (#match? @_receiver "(?i)(usermanager|hasher)$"))

; Multi-line literals (JSON, INI text) and comments (commented-out settings): the
; check scans their text for `name = value` / `name: value` with a secret-like name.
([(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @finding @_embedded (#match? @finding "\\n|\\\\n") (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)"))
((comment) @finding (#match? @finding "(?i)(pass|pwd|secret|token|key|auth|cred)[A-Za-z0-9_\\-]*[\"']?\\s*(=|:)"))
