"""Error-handling checks for Go: empty `if err != nil {}` blocks (BL201), ignored errors (BL203), errors
overwritten before they are checked (BL204) and HTTP clients without a timeout (BL207)."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import tree_sitter

from ... import facts
from ...nodes import node_bytes
from ..base import FileContext, MatchContext, check
from . import go_callees
from .common import explained, file_matches, helper, non_comment_children, uses_identifier

# --- Go -------------------------------------------------------------------------------------------


@check("go_block_is_empty")
def go_block_is_empty(match: MatchContext) -> bool:
    body = match.node("_body")
    if body is None:
        return False
    match.message_args["what"] = f"`if {match.text(match.node('finding'))} {{}}`"
    if explained(body):
        return False
    return all(not non_comment_children(child) for child in non_comment_children(body))


# Package functions whose last result is an error.
_GO_ERROR_FUNCS = {
    "json.Unmarshal", "json.Marshal", "json.MarshalIndent", "json.Indent", "json.Compact",
    "xml.Unmarshal", "xml.Marshal", "xml.MarshalIndent", "yaml.Unmarshal", "yaml.Marshal",
    "proto.Marshal", "proto.Unmarshal", "toml.Unmarshal", "toml.Decode", "toml.DecodeFile",
    "io.ReadAll", "io.Copy", "io.CopyN", "io.CopyBuffer", "io.WriteString", "io.ReadFull", "io.ReadAtLeast",
    "ioutil.ReadAll", "ioutil.ReadFile", "ioutil.WriteFile", "ioutil.ReadDir", "ioutil.TempFile", "ioutil.TempDir",
    "os.ReadFile", "os.WriteFile", "os.Remove", "os.RemoveAll", "os.Mkdir", "os.MkdirAll", "os.Rename",
    "os.Setenv", "os.Unsetenv", "os.Chdir", "os.Chmod", "os.Chown", "os.Chtimes", "os.Open", "os.OpenFile",
    "os.Create", "os.Stat", "os.Lstat", "os.Getwd", "os.Hostname", "os.Symlink", "os.Link", "os.Truncate",
    "os.MkdirTemp", "os.CreateTemp", "os.ReadDir", "os.Executable", "os.UserHomeDir", "os.Readlink",
    "strconv.Atoi", "strconv.ParseInt", "strconv.ParseUint", "strconv.ParseFloat", "strconv.ParseBool",
    "strconv.Unquote", "time.Parse", "time.ParseDuration", "time.LoadLocation", "time.ParseInLocation",
    "url.Parse", "url.ParseQuery", "url.ParseRequestURI", "url.QueryUnescape", "url.PathUnescape",
    "http.NewRequest", "http.NewRequestWithContext", "http.Get", "http.Post", "http.Head", "http.PostForm",
    "http.ListenAndServe", "http.ListenAndServeTLS", "http.Serve", "http.ReadRequest", "http.ReadResponse",
    "sql.Open", "hex.DecodeString", "uuid.Parse", "uuid.NewRandom", "template.ParseFiles", "template.ParseGlob",
    "godotenv.Load", "godotenv.Overload", "filepath.Abs", "filepath.Rel", "filepath.Glob", "filepath.Walk",
    "filepath.WalkDir", "filepath.EvalSymlinks", "net.Dial", "net.DialTimeout", "net.Listen", "net.SplitHostPort",
    "net.LookupHost", "net.LookupIP", "net.ResolveTCPAddr", "regexp.Compile", "bcrypt.GenerateFromPassword",
    "bcrypt.CompareHashAndPassword", "jwt.Parse", "jwt.ParseWithClaims", "rand.Int", "x509.ParseCertificate",
    "x509.ParsePKCS1PrivateKey", "x509.ParsePKCS8PrivateKey", "x509.ParsePKIXPublicKey", "tls.LoadX509KeyPair",
    "gzip.NewReader", "zlib.NewReader", "binary.Write", "binary.Read", "syscall.Kill", "exec.LookPath",
    "mail.ParseAddress", "mime.ParseMediaType", "netip.ParseAddr", "strconv.QuotedPrefix", "pgx.Connect",
    "pgxpool.New", "pgxpool.Connect", "sqlx.Connect", "sqlx.Open", "gorm.Open", "redis.ParseURL",
    "mongo.Connect", "grpc.Dial", "grpc.NewClient", "envconfig.Process", "migrate.New",
    "fmt.Sscanf", "fmt.Sscan", "fmt.Sscanln", "fmt.Fscan", "fmt.Fscanf", "fmt.Fscanln",
    "base64.StdEncoding.DecodeString",
}  # fmt: skip
# Methods whose last result is an error, whatever the receiver (no type information).
_GO_ERROR_METHODS = {
    "Exec", "ExecContext", "Query", "QueryContext", "Prepare", "PrepareContext", "Begin", "BeginTx",
    "Commit", "Ping", "PingContext", "Scan", "RowsAffected", "LastInsertId", "Unmarshal", "Marshal",
    "Decode", "Encode", "ReadAll", "ReadFile", "WriteFile", "ReadFrom", "WriteTo", "Shutdown",
    "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS", "ParseForm", "ParseMultipartForm", "FormFile",
    "Execute", "ExecuteTemplate", "SetDeadline", "SetReadDeadline", "SetWriteDeadline", "Accept", "Read",
    "ReadString", "ReadBytes", "ReadLine", "Write", "WriteString", "WriteByte", "WriteRune", "Publish",
    "ShouldBind", "ShouldBindJSON", "ShouldBindQuery", "ShouldBindUri", "ShouldBindWith", "Bind",
    "BindJSON", "BindQuery", "Validate", "Struct", "DecodeString", "Output", "CombinedOutput", "Connect",
    "Dial", "DialContext", "Sync", "Seek", "Truncate", "Chmod", "Stat", "Readdir", "ReadDir", "Parse",
    "ParseFiles", "ParseGlob", "Remove", "Rename", "Mkdir", "MkdirAll", "Unlock", "SendMail", "Send",
    "Upgrade", "WriteJSON", "ReadJSON", "WriteMessage", "ReadMessage", "NextWriter", "Migrate", "AutoMigrate",
    "ExecuteWithContext", "UnmarshalJSON", "MarshalJSON", "Result", "Bytes", "Int", "Int64",
    "Close", "Rollback",
}  # fmt: skip
# Functions and methods whose second (or last) result is not an error: (value, bool), (value, int),
# a cancel func. A trailing `_` on these drops nothing that reports failure.
_GO_NOT_ERROR_NAMES = {
    "Load", "LoadOrStore", "LoadAndDelete", "Swap", "CompareAndSwap", "Lookup", "LookupEnv", "Cut",
    "CutPrefix", "CutSuffix", "Get", "GetOk", "GetQuery", "GetPostForm", "GetPostFormArray", "GetQueryArray",
    "Peek", "Pop", "TryLock", "Caller", "DecodeRune", "DecodeRuneInString", "DecodeLastRune",
    "DecodeLastRuneInString", "Split", "Modf", "Frexp", "Value", "Deadline", "WithTimeout", "WithCancel",
    "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause", "Find", "BinarySearch",
    "BinarySearchFunc", "Next", "Min", "Max", "Sincos", "Div", "Add", "Sub", "Mul", "Accuracy", "Callers",
    "FromContext", "Unwrap", "ReadLine",
}  # fmt: skip
# Standard library functions whose last result is not an error though their name says "may fail":
# `block, rest := pem.Decode(data)`.
_GO_NOT_ERROR_FUNCS = {"pem.Decode"}
# Calls whose error is conventionally ignored: printing, reading a prompt's answer (an error leaves the
# default), removing a file that may not exist.
_GO_ALLOWED_FUNCS = re.compile(
    r"^(?:fmt\.(Print|Println|Printf|Fprint|Fprintln|Fprintf|Scan|Scanln|Scanf)|os\.(Remove|RemoveAll)"
    r"|(?:systemd|daemon)\.SdNotify)$"  # a watchdog ping: the next one follows, nothing to do about one
)
# `defer x.Close()` / `defer tx.Rollback()` are never matched (defer statements are not calls used as
# statements); a bare `resp.Body.Close()` or `_ = f.Close()` is reported like any other dropped error.
_GO_ALLOWED_METHODS = {"CloseWithError", "Unlock", "RUnlock", "Done", "Log", "Logf"}
# Receivers that by name are in-memory buffers or hashes, when no declaration in the file says so.
_GO_BUFFER_NAMES = {"buf", "buffer", "sb", "builder", "b", "h", "hasher", "mac", "digest"}
_GO_WRITE_METHODS = {"Write", "WriteString", "WriteByte", "WriteRune"}
_GO_FALLIBLE_VERB = re.compile(
    r"^(Get|Find|Fetch|Load|Query|Create|Insert|Update|Delete|Save|Store|Read|Write|Parse|Open|Decode|Encode"
    r"|Marshal|Unmarshal|Send|Dial|Connect|List|Resolve|Exec|Do|Call|Post|Put|Upload|Download|Sign|Verify"
    r"|Generate|Hash|Encrypt|Decrypt|Validate|Register|Login|Authenticate|Process|Handle|Import|Export|Build"
    r"|Lookup|Retrieve|Acquire|Publish|Consume|Subscribe|Scan|Convert|Render|Compile)"
)
_GO_PACKAGES = {
    "json", "xml", "yaml", "proto", "toml", "io", "ioutil", "os", "strconv", "time", "url", "http", "sql",
    "hex", "base64", "uuid", "template", "godotenv", "filepath", "net", "regexp", "bcrypt", "jwt", "rand",
    "x509", "tls", "gzip", "zlib", "binary", "syscall", "exec", "mail", "mime", "netip", "pgx", "pgxpool",
    "sqlx", "gorm", "redis", "mongo", "grpc", "envconfig", "migrate", "signal", "fmt", "strings", "bytes",
    "errors", "log", "sort", "math", "context", "sync", "atomic", "utf8", "path", "bufio", "slog", "zap",
    "runtime", "reflect", "unicode", "crypto", "sha256", "md5", "hmac", "sha1", "sha512", "csv", "gob",
}  # fmt: skip

_GO_IMPORTS = helper("go", "imports", "alias", "path")
_GO_VERSION_SUFFIX = re.compile(r"^v\d+$")


def _go_import_name(path: str) -> str:
    """The name an import path binds by default: its last element, skipping a /vN suffix and a
    `.vN` (gopkg.in) or `go-` decoration."""
    parts = [p for p in path.strip('"`').split("/") if p]
    if len(parts) > 1 and _GO_VERSION_SUFFIX.match(parts[-1]):
        parts.pop()
    name = parts[-1] if parts else ""
    name = re.sub(r"\.v\d+$", "", name)
    return re.sub(r"^go-", "", name).replace("-", "_")


_GO_DECLARATIONS = helper("go", "declarations", "name", "result", "receiver", "body")
_GO_BINDINGS = helper("go", "bindings", "last", "callee")
_GO_BUFFERS = helper("go", "buffers", "name", "type", "value", "field")
_GO_BUFFER_TYPES = re.compile(r"(strings\.Builder|bytes\.Buffer|hash\.Hash(32|64)?|ResponseWriter)\b")
_GO_BUFFER_VALUES = re.compile(
    r"^&?(strings\.Builder|bytes\.Buffer)\{|^new\((strings\.Builder|bytes\.Buffer)\)|^bytes\.NewBuffer"
    r"|^(sha1|sha256|sha512|md5|fnv|crc32|crc64|adler32)\.New|^hmac\.New|^sha3\.New"
)


def _go_packages(file: FileContext) -> set[str]:
    """Names that are packages in this file: its imports (by alias or default name) and the usual ones."""
    packages = file.cache.get("go_packages")
    if packages is None:
        packages = set(_GO_PACKAGES)
        for captures in file_matches(file, _GO_IMPORTS):
            alias = file.text(captures["alias"][0]) if "alias" in captures else ""
            path = file.text(captures["path"][0])
            packages.add(alias if alias and alias not in ("_", ".") else _go_import_name(path))
        file.cache["go_packages"] = packages
    return packages


def _go_result_ends_in_error(result: tree_sitter.Node | None) -> bool:
    if result is None:
        return False
    if result.type == "parameter_list":
        declarations = [c for c in result.named_children if c.type == "parameter_declaration"]
        if not declarations:
            return False
        last_type = declarations[-1].child_by_field_name("type")
        return last_type is not None and last_type.text == b"error"
    return result.text == b"error"


class _GoFacts(TypedDict):
    """What one Go file declares, read once per file."""

    declared: dict[str, bool]  # function or method name -> its last result is an error
    receivers: dict[str, set[str]]  # method name -> the receiver variables it is declared with
    evidence: dict[str, dict[str, set[str]]]  # callee key -> receiver text -> "error" / "bool"
    writers: set[str]  # variables holding an in-memory writer
    fields: dict[str, bool]  # struct field -> is an in-memory writer
    files: set[str]  # struct fields declared *os.File
    self_reporting: set[str]  # functions that log their error (or exit) themselves before returning it


# A function whose body logs an error value or exits: its caller ignoring the returned error loses
# nothing (`saveUserSession` logs and returns err; `LoadConfig` exits).
_GO_REPORTS_ITSELF = re.compile(
    rb"\b(?:log|logger|slog|logrus|zap)\.\w*(?:Error|Errorf|Warn|Warnf|Printf|Println|Fatal|Fatalf)\s*\([^\n]*\berr\b"
    rb"|\bos\.Exit\("
)


# The other files of a Go package (its folder) declare functions this file calls. Read once per
# folder and bounded, and used only to stay quiet: a callee there that reports its own error.
_PACKAGE_FILES_LIMIT = 200
_PACKAGE_BYTES_LIMIT = 5_000_000
_GO_SELF_REPORTING_DECLARATION = re.compile(
    rb"^func\s+(?:\([^)]*\)\s*)?(\w+)\s*\([^{]*?error\)?\s*\{(.*?)^\}", re.M | re.S
)


@lru_cache(maxsize=256)
def _go_package_facts(folder: str) -> frozenset[str]:
    found: set[str] = set()
    read = 0
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".go") and not n.endswith("_test.go"))
    except OSError:
        return frozenset()
    for name in names[:_PACKAGE_FILES_LIMIT]:
        try:
            data = Path(folder, name).read_bytes()
        except OSError:
            continue
        read += len(data)
        if read > _PACKAGE_BYTES_LIMIT:
            break
        for declaration in _GO_SELF_REPORTING_DECLARATION.finditer(data):
            if _GO_REPORTS_ITSELF.search(declaration.group(2)):
                found.add(declaration.group(1).decode("utf-8", "replace"))
    return frozenset(found)


@facts.evaluator("go-package-self-reporting")
def _go_package_fact(folder: str) -> list[str]:
    return sorted(_go_package_facts(folder))


def _go_package_self_reporting(path: str) -> frozenset[str]:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return frozenset()
    # Recorded (core/facts.py): a cached result that depends on the package's other files is re-checked.
    return frozenset(facts.consulted("go-package-self-reporting", folder))


def _go_file_facts(file: FileContext) -> _GoFacts:
    cached: _GoFacts | None = file.cache.get("go_errors")
    if cached is not None:
        return cached
    declared: dict[str, bool] = {}
    receivers: dict[str, set[str]] = {}  # method name -> the receiver variables it is declared with
    self_reporting: set[str] = set()
    for captures in file_matches(file, _GO_DECLARATIONS):
        name = file.text(captures["name"][0])
        if "receiver" in captures:
            receivers.setdefault(name, set()).add(file.text(captures["receiver"][0]))
        returns_error = _go_result_ends_in_error(captures["result"][0] if captures.get("result") else None)
        body = captures["body"][0] if captures.get("body") else None
        if returns_error and body is not None and _GO_REPORTS_ITSELF.search(file.data, body.start_byte, body.end_byte):
            self_reporting.add(name)
        # Two declarations under one name (methods of different types) agree only when both say error.
        declared[name] = declared.get(name, True) and returns_error
    # callee key -> receiver text -> what its last result was bound to ("error" / "bool")
    evidence: dict[str, dict[str, set[str]]] = {}
    for captures in file_matches(file, _GO_BINDINGS):
        last = file.text(captures["last"][0])
        callee = captures["callee"][0]
        key = _go_callee_key(file, callee)[1]
        seen = evidence.setdefault(key, {}).setdefault(_go_receiver_text(file, callee), set())
        if re.fullmatch(r"err|.*Err|.*Error", last):
            seen.add("error")
        elif re.fullmatch(r"ok|found|exists|present|has\w*|is\w*|loaded", last):
            seen.add("bool")
    writers: set[str] = set()
    fields: dict[str, bool] = {}  # struct field -> is an in-memory writer
    files: set[str] = set()  # struct fields declared *os.File
    for captures in file_matches(file, _GO_BUFFERS):
        if "field" in captures:
            buffer = _GO_BUFFER_TYPES.search(file.text(captures["type"][0])) is not None
            fields[file.text(captures["field"][0])] = buffer
            if file.text(captures["type"][0]).lstrip("*") == "os.File":
                files.add(file.text(captures["field"][0]))
            continue
        name = file.text(captures["name"][0])
        if ("type" in captures and _GO_BUFFER_TYPES.search(file.text(captures["type"][0]))) or (
            "value" in captures and _GO_BUFFER_VALUES.search(file.text(captures["value"][0]))
        ):
            writers.add(name)
    facts: _GoFacts = {
        "declared": declared,
        "receivers": receivers,
        "evidence": evidence,
        "writers": writers,
        "fields": fields,
        "files": files,
        "self_reporting": self_reporting,
    }
    file.cache["go_errors"] = facts
    return facts


def _go_callee_key(file: FileContext, callee: tree_sitter.Node) -> tuple[str, str]:
    """(kind, key): ("func", "json.Marshal") for package functions, ("func", "name") for local
    functions, ("method", "Name") for methods."""
    if callee.type == "identifier":
        return "func", file.text(callee)
    if callee.type == "selector_expression":
        operand = callee.child_by_field_name("operand")
        field = callee.child_by_field_name("field")
        name = file.text(field) if field is not None else ""
        if operand is not None and operand.type == "identifier" and file.text(operand) in _go_packages(file):
            return "func", f"{file.text(operand)}.{name}"
        return "method", name
    return "other", ""


def _go_writes_to_memory(file: FileContext, callee: tree_sitter.Node) -> bool:
    """The receiver of a Write is an in-memory writer (or the response), or its type is not visible."""
    operand = callee.child_by_field_name("operand")
    facts = _go_file_facts(file)
    if operand is None:
        return True
    if operand.type == "identifier":
        name = node_bytes(operand).decode()
        return name in facts["writers"] or name in _GO_BUFFER_NAMES
    if operand.type == "selector_expression":
        field = operand.child_by_field_name("field")
        # `h.audit.WriteString`: this file's struct says what `audit` is; an unknown field is left alone.
        return facts["fields"].get(node_bytes(field).decode() if field is not None else "", True)
    return True


def _go_receiver_text(file: FileContext, callee: tree_sitter.Node) -> str:
    """`h.DB` for `h.DB.Get`; "" for a plain function."""
    operand = callee.child_by_field_name("operand") if callee.type == "selector_expression" else None
    return file.text(operand) if operand is not None else ""


def _go_receiver_name(callee: tree_sitter.Node) -> str:
    operand = callee.child_by_field_name("operand") if callee.type == "selector_expression" else None
    return node_bytes(operand).decode() if operand is not None and operand.type == "identifier" else ""


def _go_returns_error(file: FileContext, callee: tree_sitter.Node, *, several_results: bool) -> bool | None:
    """True / False when known; None when nothing says."""
    facts = _go_file_facts(file)
    kind, key = _go_callee_key(file, callee)
    if kind == "other":
        return None
    if kind == "func" and "." not in key:
        passed_in = go_callees.parameter_type(file, callee, key)
        if passed_in is not None:
            # A function passed in: its own type says, not another function's parameter of that name.
            return go_callees.func_type_returns_error(passed_in) if passed_in.startswith("func") else None
    if kind == "func" and "." not in key and key in facts["declared"]:
        return facts["declared"][key]
    if kind == "method" and key in facts["declared"]:
        return facts["declared"][key]
    if kind == "func" and key in _GO_ERROR_FUNCS:
        return True
    if kind == "func" and key in _GO_NOT_ERROR_FUNCS:
        return False
    name = key.rsplit(".", 1)[-1]
    by_receiver = facts["evidence"].get(key, {})
    receiver = _go_receiver_text(file, callee)
    if receiver in by_receiver:
        seen = by_receiver[receiver]
    elif kind == "method" and name in _GO_NOT_ERROR_NAMES:
        # `err := h.DB.Get(...)` says nothing about `app.Get(...)` (a router): for names this
        # ambiguous only the same receiver's use counts.
        seen = set()
    else:
        seen = set().union(*by_receiver.values())
    if seen == {"error"}:
        return True
    if "bool" in seen:
        return False
    if name in _GO_NOT_ERROR_NAMES:
        return False
    if kind == "method" and key in _GO_ERROR_METHODS:
        return True
    if several_results:
        # `v, _ := f()`: the trailing result of a Go call is an error far more often than not.
        return None if not _GO_FALLIBLE_VERB.match(name) else True
    return None


# Dropped on purpose, and errcheck's default agrees: `_ = f()` and `v, _ := f()` are how Go says "I
# know". Only where a dropped error corrupts what follows is a discard still reported: a transaction
# or statement that may not have run, rows not read, request input not decoded.
_GO_MUST_CHECK = {
    "Exec", "ExecContext", "Query", "QueryContext", "Prepare", "PrepareContext", "Begin", "BeginTx", "Commit",
    "Scan", "ShouldBind", "ShouldBindJSON", "ShouldBindQuery", "ShouldBindUri", "ShouldBindWith", "Bind",
    "BindJSON", "BindQuery", "ListenAndServe", "ListenAndServeTLS",
}  # fmt: skip
_GO_DECODERS = {"Decode", "Unmarshal"}
_GO_REQUEST_INPUT = re.compile(r"\b(r|req|request|c\.Request|ctx\.Request)\.Body\b|\bbody\b|\bBody\(\)")
_GO_BUILTINS = frozenset(
    {"append", "cap", "clear", "close", "copy", "delete", "len", "max", "min", "panic", "print", "println"}
)
# Cleanup whose failure there is nothing to do about: a bare `resp.Body.Close()` or `tx.Rollback()`.
_GO_CLEANUP = {"Close", "Rollback"}
_GO_ROLLBACK_SQL = re.compile(r"""[(,]\s*["`]\s*ROLLBACK\b""", re.I)


# `Scan` must be checked on database rows; a bufio.Scanner's `Scan` returns a bool.
_GO_ROWS = re.compile(r"(?i)(?:^|\.)rows?$|QueryRow(?:Context)?\(")
# Files opened for writing in this function's file: their Write errors lose data.
_GO_FILE_WRITER = re.compile(rb"(\w+)\s*(?:,\s*\w+\s*)?:?=\s*os\.(?:Create|OpenFile|CreateTemp)\(")


def _go_must_check(file: FileContext, callee: tree_sitter.Node, call: tree_sitter.Node) -> bool:
    name = file.text(callee).rsplit(".", 1)[-1]
    if name == "Scan":
        return _GO_ROWS.search(_go_receiver_text(file, callee)) is not None
    if name in _GO_MUST_CHECK:
        return True
    if name in _GO_WRITE_METHODS:
        operand = callee.child_by_field_name("operand")
        if operand is not None and operand.type == "selector_expression":
            field = operand.child_by_field_name("field")
            return field is not None and file.text(field) in _go_file_facts(file)["files"]
        receiver = _go_receiver_name(callee)
        return bool(receiver) and receiver.encode() in {m.group(1) for m in _GO_FILE_WRITER.finditer(file.data)}
    if name in _GO_DECODERS:
        # json.NewDecoder(r.Body).Decode(&req), json.Unmarshal(body, &req): the request's input.
        return _GO_REQUEST_INPUT.search(file.text(call)) is not None
    return False


_GORM_IMPORT = re.compile(rb'"(?:gorm\.io/gorm|github\.com/jinzhu/gorm)"')
# GORM's finishers: they run the statement and leave the outcome in the returned *DB's `.Error`.
_GORM_FINISHERS = {
    "Create", "CreateInBatches", "Save", "Delete", "Update", "Updates", "UpdateColumn", "UpdateColumns", "First",
    "Find", "Take", "Last", "Exec", "Scan", "Count", "Pluck", "FirstOrCreate", "FirstOrInit", "AutoMigrate",
}  # fmt: skip
_GORM_HANDLE = re.compile(
    r"(?:^|\.)(?:\w*DB\w*|db|tx|Db|\w*Db)\b|\.(?:Where|Model|Table|Debug|WithContext|Session|Unscoped|Preload|Joins|Select|Omit|Order|Limit|Offset|Raw)\("
)


def _go_gorm_result_dropped(file: FileContext, callee: tree_sitter.Node) -> bool:
    """`db.Create(&user)` as a statement: GORM reports failure only in the returned *DB's `.Error`
    (and v2's AutoMigrate returns the error itself), so the statement drops it either way."""
    if callee.type != "selector_expression" or not _GORM_IMPORT.search(file.data):
        return False
    field = callee.child_by_field_name("field")
    operand = callee.child_by_field_name("operand")
    if field is None or operand is None or file.text(field) not in _GORM_FINISHERS:
        return False
    text = file.text(operand)
    if re.search(r"\.(?:QueryRow|QueryRowContext|Query|QueryContext)\(", text):
        return False  # database/sql's rows, not a GORM chain
    return _GORM_HANDLE.search(text) is not None


def _go_known_method(file: FileContext, callee: tree_sitter.Node) -> bool:
    """This file declares the method, or binds the same receiver's call to an error elsewhere: the
    name alone (Send, Run, Publish) says nothing about a type declared in another file."""
    facts = _go_file_facts(file)
    kind, key = _go_callee_key(file, callee)
    if kind != "method":
        return True
    receiver = _go_receiver_text(file, callee)
    # `s.audit()` inside `func (s *Server) ...` is this file's method; `global.Cache.Set()` is not,
    # even when some other type here has a `Set`.
    if key in facts["declared"] and receiver in facts["receivers"].get(key, ()):
        return True
    return receiver in facts["evidence"].get(key, {})


@check("go_discards_error")
def go_discards_error(match: MatchContext) -> bool:
    file = match.file
    callee, call = match.node("_callee"), match.node("_call")
    statement = match.node("finding")
    if callee is None or call is None or statement is None:
        return False
    kind, key = _go_callee_key(file, callee)
    method = key if kind == "method" else ""
    if kind == "func" and _GO_ALLOWED_FUNCS.match(key):
        return False
    if kind == "func" and key in _GO_BUILTINS and not re.search(rb"(?m)^func\s+" + key.encode() + rb"\s*\(", file.data):
        return False  # `delete(m, k)` is the builtin, whatever method of that name the file declares
    if method in _GO_ALLOWED_METHODS or method in _GO_CLEANUP:
        return False
    if method in ("Exec", "ExecContext") and _GO_ROLLBACK_SQL.search(file.text(call)):
        return False  # `conn.ExecContext(ctx, "ROLLBACK")`: cleanup on the way out, like tx.Rollback()
    if method == "Commit" and go_callees.read_only_transaction(file, _go_receiver_text(file, callee), call):
        return False  # a transaction that only read: a failed commit loses nothing
    memory = _go_file_facts(file)["writers"] | _GO_BUFFER_NAMES
    if kind == "func" and (
        (key in go_callees.COPIES and go_callees.copies_from_memory(file, call, memory))
        or (key == "io.WriteString" and go_callees.writes_to_memory(file, call, memory))
    ):
        return False  # `io.Copy(w, &buf)`, `io.WriteString(w, page)`: memory, or a response the client left
    if method in _GO_WRITE_METHODS and (
        _go_writes_to_memory(file, callee) or go_callees.write_checked_later(file, statement, callee)
    ):
        return False  # buffers, builders, hashes, the HTTP response; or the next write's check sees it
    if method == "Do" and _go_receiver_name(callee).lower().endswith("once"):
        return False
    if statement.type == "expression_statement" and _go_gorm_result_dropped(file, callee):
        match.message_args["what"] = f"`{file.text(callee)}()` returns a *gorm.DB whose `.Error` is never looked at"
        return True
    if statement.type != "expression_statement":
        if not _go_must_check(file, callee, call) or _go_returns_error(file, callee, several_results=True) is False:
            return False
        if method in go_callees.BINDS and go_callees.validated_next(file, statement, call):
            return False  # `_ = c.ShouldBindJSON(&req)` then `utils.Verify(req, rules)`: a bad body fails there
        match.message_args["what"] = f"the error from `{file.text(callee)}()` is assigned to `_`"
        return True
    if _go_returns_error(file, callee, several_results=False) is not True:
        return False
    if not (_go_known_method(file, callee) or _go_must_check(file, callee, call)):
        return False
    name = key.rsplit(".", 1)[-1]
    if not _go_must_check(file, callee, call) and (
        name in _go_file_facts(file)["self_reporting"] or name in _go_package_self_reporting(file.path)
    ):
        return False  # the callee logs its error itself (or exits) before returning it
    if method == "Scan" and go_callees.in_bool_function(statement):
        return False  # `QueryRow(...).Scan(&found); return found`: no row is the answer "no"
    match.message_args["what"] = f"the error from `{file.text(callee)}()` is never looked at"
    return True


def _go_assigns_err(statement: tree_sitter.Node) -> bool:
    if statement.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = statement.child_by_field_name("left")
    return left is not None and any(c.type == "identifier" and c.text == b"err" for c in left.named_children)


def _go_reads_err(statement: tree_sitter.Node) -> bool:
    """`err` mentioned anywhere except as a plain target of this statement's assignment."""
    if _go_assigns_err(statement):
        right = statement.child_by_field_name("right")
        return right is not None and uses_identifier(right, "err")
    return uses_identifier(statement, "err")


@check("go_err_overwrites_unchecked")
def go_err_overwrites_unchecked(match: MatchContext) -> bool:
    statement = match.node("finding")
    if statement is None or statement.parent is None or statement.parent.type not in ("statement_list", "block"):
        return False
    if _go_reads_err(statement):
        return False  # `err = fmt.Errorf("...: %w", err)` reads the previous value
    previous = statement.prev_named_sibling
    while previous is not None:
        if previous.type == "comment":
            previous = previous.prev_named_sibling
            continue
        if _go_assigns_err(previous) and not _go_reads_err(previous):
            match.relate(previous, "the earlier error, never checked")
            return True
        if uses_identifier(previous, "err"):
            return False
        if previous.type in (
            "return_statement",
            "labeled_statement",
            "goto_statement",
            "break_statement",
            "continue_statement",
        ):
            return False
        previous = previous.prev_named_sibling
    return False
