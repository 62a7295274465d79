"""Names and patterns of PHP's idioms: numeric, safe and passthrough calls, input, configuration, placeholders."""

from __future__ import annotations

import re

# Functions and methods whose result is a number (PHP function names ignore case).
_NUMERIC_CALLS = re.compile(
    r"(?i)^(?:intval|floatval|doubleval|boolval|absint|count|sizeof|strlen|mb_strlen|abs|round|floor|ceil|"
    r"max|min|array_sum|intdiv|fmod|time|hrtime|mktime|strtotime|rand|mt_rand|random_int|crc32|ord|filesize|"
    r"is_\w+|in_array|array_key_exists|getId|getKey|getCount|getTimestamp|lastInsertId|insert_id|rowCount|"
    r"affected_rows|num_rows|numRows|columnCount)$"
)
# The driver's and frameworks' quoting and escaping, identifier wrapping, and schema metadata.
_SAFE_CALLS = re.compile(
    r"(?i)^(?:quote|quoteIdentifier|quoteName|quoteColumnName|quoteTableName|quoteSingleIdentifier|quoteInto|"
    r"qstr|escape|escape_str|escapeString|escape_string|real_escape_string|mysqli_real_escape_string|"
    r"mysql_real_escape_string|pg_escape_string|pg_escape_literal|pg_escape_identifier|sqlite_escape_string|"
    r"esc_sql|_escape|_real_escape|escape_identifiers|escapeIdentifier|protect_identifiers|pSQL|bqSQL|"
    r"wrap|wrapTable|getTable|getTableName|getTablePrefix|getKeyName|getQualifiedKeyName|getForeignKeyName|"
    r"getMorphClass|sanitize_key|sanitize_sql_orderby|md5|sha1|hash|uniqid|bin2hex|date|gmdate|"
    r"toDateString|toDateTimeString|toIso8601String|toAtomString)$"
)
# String functions whose result is as risky as their inputs.
_PASSTHROUGH = frozenset(
    {
        "trim", "rtrim", "ltrim", "chop", "strtolower", "strtoupper", "mb_strtolower", "mb_strtoupper", "ucfirst",
        "lcfirst", "ucwords", "substr", "mb_substr", "strval", "str_pad", "str_replace", "str_ireplace",
        "preg_replace", "stripslashes", "addslashes", "htmlspecialchars", "htmlentities", "strip_tags",
        "sanitize_text_field", "wp_unslash", "urldecode", "rawurldecode", "strrev", "str_repeat",
        "array_values", "array_unique", "array_filter", "array_merge", "array_slice",
    }
)  # fmt: skip
# Request input: superglobals and the frameworks' request objects.
_SUPERGLOBALS = frozenset({"_GET", "_POST", "_REQUEST", "_COOKIE", "_SERVER", "_FILES", "_ENV", "_SESSION"})
_REQUEST_RECEIVER = re.compile(r"(?i)(?:^\$|->|^)(?:request|input|req|params|query)$|^(?:Request|Input|Tools)$")
# Configuration read by key: what the deployment or an administrator set, not the caller.
_CONFIG_RECEIVER = re.compile(r"(?i)(?:^\$|->)(?:config|settings?|options)$|^Config$")
# Placeholder text made by a helper (`$this->bindParamArray(...)`, `$bindIds`, `placeholders($ids)`)
# and a table prefix from the configuration (`$db_prefix`, `$this->options['prefix']`): named for it.
_PLACEHOLDER_HELPER = re.compile(r"(?i)^bind|placeholder|qmarks?$|^marks$")
_PREFIX_NAME = re.compile(r"(?i)^(?:db_?|table_?|tbl_?)?prefix$")
# Calls that read input or state even when given only literals: `$request->get('id')`, `old('q')`.
_INPUT_ACCESSOR = re.compile(
    r"(?i)param|query|arg|input|header|cookie|form|body|field|getenv|environ|prompt|read|^get$|^post$|request"
    r"|session|^old$|^val$|value|fetch|find|first|pluck|json|content|file"
)
# WordPress's database handle, whose properties are its table names and prefix (`$wpdb->posts`,
# `$this->get_db()->edd_orders`).
_DB_HANDLE = re.compile(r"^\$wpdb$|->(?:get_?db|getDb)\(\)$|^(?:\$this->)?wpdb$")
# A clause kept by name: `$sql_clauses['groupby']`, `$parts['where']`.
_CLAUSE_KEY = re.compile(r"(?i)^(?:select|where|join|joins|group_?by|order_?by|having|fields)$")
_CONFIG_FUNCTIONS = frozenset({"config", "env", "getenv", "get_option", "get_site_option", "constant", "__", "trans"})
# Placeholder lists built from a count: `implode(',', array_fill(0, count($ids), '?'))`,
# `rtrim(str_repeat('?,', count($ids)), ',')`, `implode(', ', array_map(fn() => '%d', $ids))`.
_PLACEHOLDER_BUILDERS = re.compile(r"(?i)\b(?:array_fill|str_repeat|array_pad|array_map)\s*\(")
_PLACEHOLDER_LITERAL = re.compile(r"^\s*(?:[?,\s()]|%[sdf]|:\w+)*\s*$")
_STRING_LITERAL = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n$]|\\.)*)\"")
# A date format given to DateTime/Carbon `->format(...)`: letters, digits and separators only.
_DATE_FORMAT = re.compile(r"^[\"'][A-Za-z0-9 :./_\-\\]*[\"']$")
