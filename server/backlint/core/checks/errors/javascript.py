"""Error-handling checks for JavaScript and TypeScript: floating promises (BL205), `.then` chains
without a rejection handler (BL206) and HTTP calls without a timeout (BL207). Empty catches (BL201)
are in `javascript_catch`."""

from __future__ import annotations

import re

import tree_sitter

from ... import project
from ...nodes import node_bytes
from ..base import FileContext, MatchContext, check
from . import forwarded
from .common import (
    file_matches,
    helper,
    non_comment_children,
)

_JS_ASYNC_DECLARATIONS = helper("javascript", "async-declarations", "name")
_JS_SYNC_DECLARATIONS = helper("javascript", "sync-declarations", "name", "decl")


_JS_PROMISE_RETURNERS = helper("javascript", "promise-returners", "name", "value")
_JS_PROMISE_EXPRESSION = re.compile(
    r"^(fetch|axios)\s*\(|^axios\.\w+\s*\(|^new Promise\b|^Promise\.(all|allSettled|race|any|resolve|reject)\s*\("
    r"|\.then\s*\(|\.catch\s*\(|\.finally\s*\(",
    re.S,
)


def _js_promise_returners(file: FileContext) -> set[str]:
    """Non-async functions whose top-level `return` (or arrow body) hands back a promise they create:
    `function report(x) { return client.post(...) }` where the call is itself known to be a promise."""
    cached = file.cache.get("js_promise_returners")
    if cached is None:
        # Filled in place: a function returning another same-file function's promise is found when
        # that one was seen first, and the lookup below never recurses into an unfinished set.
        cached = file.cache["js_promise_returners"] = set()
        for captures in file_matches(file, _JS_PROMISE_RETURNERS):
            value = captures["value"][0]
            if _JS_PROMISE_EXPRESSION.search(file.text(value)) or (
                value.type == "call_expression" and _js_returns_promise_call(file, value)
            ):
                cached.add(file.text(captures["name"][0]))
    return cached


def _js_returns_promise_call(file: FileContext, call: tree_sitter.Node) -> bool:
    function, arguments = call.child_by_field_name("function"), call.child_by_field_name("arguments")
    if function is None or arguments is None:
        return False
    return _js_awaited_callee(file, call) or _js_promise_call(file, function, arguments) is not None


_JS_AWAITED_CALLS = helper("javascript", "awaited-calls", "callee", "args")
# Receivers that by name are data-access or messaging objects (`this.users`, `orderRepository`,
# `redisClient`, `queue`); objects like a package.json editor mix sync setters with async saves.
_JS_DATA_RECEIVER = re.compile(
    r"(?i)(repo|repository|model|dao|store|db|database|client|cache|queue|collection|prisma|redis|bus|broker"
    r"|publisher|producer|[a-z]s)$"
)
# Methods that write or send: on an object whose other calls this file awaits, these return promises too.
_JS_ASYNC_VERBS = {
    "save", "update", "insert", "delete", "remove", "upsert", "increment", "decrement", "softDelete", "restore",
    "add", "set", "del", "publish", "send", "put", "write", "enqueue", "emitAsync", "destroy", "flush", "sync",
    "create", "createMany", "updateMany", "deleteMany", "bulkCreate", "execute", "query", "refresh", "invalidate",
}  # fmt: skip


def _js_awaited(file: FileContext) -> tuple[set[str], set[str]]:
    """(callee texts, receiver texts) that this file awaits somewhere."""
    cached = file.cache.get("js_awaited")
    if cached is None:
        callees, receivers = set(), set()
        for captures in file_matches(file, _JS_AWAITED_CALLS):
            if _js_has_callback(captures["args"][0]):
                continue  # `await timer.start("x", async () => ...)` awaits the callback, not the call
            callee = captures["callee"][0]
            callees.add(" ".join(file.text(callee).split()))
            if callee.type == "member_expression":
                receiver = callee.child_by_field_name("object")
                if (
                    receiver is not None
                    and receiver.type in ("identifier", "member_expression")
                    and _JS_DATA_RECEIVER.search(_js_last_name(receiver))
                ):
                    receivers.add(" ".join(file.text(receiver).split()))
        cached = file.cache["js_awaited"] = (callees, receivers)
    return cached


def _js_awaited_callee(file: FileContext, call: tree_sitter.Node) -> bool:
    function = call.child_by_field_name("function")
    return function is not None and " ".join(file.text(function).split()) in _js_awaited(file)[0]


def _js_async_names(file: FileContext) -> set[str]:
    """Names of functions and methods declared async in this file, minus names also declared sync."""
    cached = file.cache.get("js_async_names")
    if cached is None:
        # A class field holding an async function is spelled per grammar: the JavaScript pattern is in
        # queries/javascript/helpers/async-declarations.local.scm, TypeScript's in queries/typescript/helpers/.
        asynchronous = {file.text(c["name"][0]) for c in file_matches(file, _JS_ASYNC_DECLARATIONS)}
        synchronous = set()
        for captures in file_matches(file, _JS_SYNC_DECLARATIONS):
            declaration = captures["decl"][0]
            if not any(child.type == "async" for child in declaration.children):
                synchronous.add(file.text(captures["name"][0]))
        cached = asynchronous - synchronous
        file.cache["js_async_names"] = cached
        file.cache["js_sync_names"] = synchronous - asynchronous
    return cached


_JS_ASYNC_BODIES = helper("javascript", "async-bodies", "name", "body")


def _js_never_rejecting(file: FileContext) -> set[str]:
    """Async functions of this file whose awaited work is all inside one `try` with a `catch` that
    neither throws nor rethrows (the statements around it await nothing and throw nothing): calling
    them without `await` loses nothing (`safeBeat()`, fire-and-forget jobs, a handler that reports
    its own failure to the client)."""
    cached = file.cache.get("js_never_rejecting")
    if cached is None:
        safe: dict[str, bool] = {}
        for captures in file_matches(file, _JS_ASYNC_BODIES):
            name = file.text(captures["name"][0])
            safe[name] = safe.get(name, True) and _js_body_never_rejects(captures["body"][0])
        cached = file.cache["js_never_rejecting"] = {name for name, ok in safe.items() if ok}
    return cached


_JS_NESTED_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function_declaration", "method_definition"})


def _js_own_nodes(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """`node` and what is under it, without the bodies of functions declared inside (a timer's callback
    runs later, on its own)."""
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(c for c in current.children if c.type not in _JS_NESTED_FUNCTIONS)
    return out


def _js_body_never_rejects(body: tree_sitter.Node) -> bool:
    """Nothing in the body awaits or throws (it schedules work that runs on its own), or one `try`
    holds every await, its `catch` throws nothing, and no statement around it throws."""
    if body.type != "statement_block":
        return False
    own = _js_own_nodes(body)
    hands_back = any(  # `return db.update(...)`: the caller's promise follows that one
        n.type == "return_statement" and any(c.type in ("call_expression", "new_expression") for c in _js_own_nodes(n))
        for n in own
    )
    if not hands_back and not any(n.type in ("await_expression", "throw_statement") for n in own):
        return True
    statements = non_comment_children(body)
    tries = [statement for statement in statements if statement.type == "try_statement"]
    handler = tries[0].child_by_field_name("handler") if len(tries) == 1 else None
    around = [statement for statement in statements if statement.type != "try_statement"]
    return (
        handler is not None
        and not any(n.type == "throw_statement" for n in _js_own_nodes(handler))
        and not any(n.type in ("await_expression", "throw_statement") for s in around for n in _js_own_nodes(s))
    )


def _js_sync_names(file: FileContext) -> set[str]:
    """Names of functions this file declares without `async` (and never with it)."""
    _js_async_names(file)
    names: set[str] = file.cache["js_sync_names"]
    return names


_JS_DB_RECEIVERS = re.compile(r"^(db|pool|client|conn|connection|knex|sequelize|pg|mysql|database|trx|tx)$", re.I)
_JS_PRISMA_OPS = {
    "create", "createMany", "update", "updateMany", "upsert", "delete", "deleteMany", "findMany",
    "findUnique", "findFirst", "findUniqueOrThrow", "findFirstOrThrow", "count", "aggregate", "groupBy",
    "$executeRaw", "$queryRaw", "$executeRawUnsafe", "$queryRawUnsafe", "$transaction", "$connect", "$disconnect",
}  # fmt: skip
# Objects whose methods share names with async methods a file may declare (`get`, `send`, `emit`).
_JS_NOT_PROMISE_RECEIVERS = {
    "app", "router", "res", "req", "response", "request", "console", "logger", "log", "server", "emitter",
    "events", "io", "socket", "process", "Object", "Array", "JSON", "Math", "Promise", "express", "map",
    "set", "headers", "url", "searchParams", "params", "query", "body", "next", "ctx", "reply",
}  # fmt: skip
# MongoDB driver / Mongoose / TypeORM calls that only exist in promise form.
_JS_DOCUMENT_DB_OPS = {
    "insertOne", "insertMany", "updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne", "bulkWrite",
    "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "findByIdAndUpdate", "findByIdAndDelete",
    "countDocuments", "exec",
}  # fmt: skip
_JS_REDIS_RECEIVER = re.compile(r"(?i)^redis|redis$")
_JS_REDIS_COMMANDS = {
    "set", "get", "del", "expire", "incr", "decr", "hset", "hget", "hdel", "publish", "lpush", "rpush", "sadd",
    "srem", "zadd", "setex", "setEx", "hSet", "hGet", "lPush", "rPush", "sAdd", "zAdd", "incrBy", "hIncrBy",
}  # fmt: skip


def _js_has_callback(arguments: tree_sitter.Node) -> bool:
    return any(a.type in ("arrow_function", "function_expression", "function") for a in arguments.named_children)


_AXIOS_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}


def _js_last_name(node: tree_sitter.Node) -> str:
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return node_bytes(prop).decode() if prop is not None else ""
    return node_bytes(node).decode() if node.type in ("identifier", "this") else ""


def _js_sends_sdk_command(arguments: tree_sitter.Node) -> bool:
    """`client.send(new PutObjectCommand({...}))`: AWS SDK v3 clients return a promise for every
    command (unless given a callback)."""
    args = [a for a in arguments.named_children if a.type != "comment"]
    if not args or args[0].type != "new_expression" or _js_has_callback(arguments):
        return False
    constructor = args[0].child_by_field_name("constructor")
    return constructor is not None and _js_last_name(constructor).endswith("Command")


# A last argument that receives the result: the callback form of an API (mysql's `query(sql, params,
# (err, rows) => ...)`, Mongoose's `save(cb)`, node-redis's `get(key, cb)`, eventproxy's `ep.done(...)`).
_JS_CALLBACK_NAME = re.compile(r"^(?:cb|callback|done|next|fn|handler|\w+Callback|\w+Cb|callback\w*)$")
_JS_CALLBACK_FACTORIES = {"done", "doneLater", "group", "fail", "bind"}


def _js_callback_style(arguments: tree_sitter.Node) -> bool:
    args = [a for a in arguments.named_children if a.type != "comment"]
    if not args:
        return False
    last = args[-1]
    if last.type in ("arrow_function", "function_expression", "function"):
        return True
    if last.type == "identifier":
        return _JS_CALLBACK_NAME.match(node_bytes(last).decode()) is not None
    if last.type == "call_expression":
        function = last.child_by_field_name("function")
        return (
            function is not None
            and function.type == "member_expression"
            and _js_last_name(function) in _JS_CALLBACK_FACTORIES
        )
    return False


def _js_promise_call(file: FileContext, callee: tree_sitter.Node, arguments: tree_sitter.Node) -> str | None:
    """What makes this call return a promise, or None when nothing says it does."""
    if callee.type == "identifier" and file.text(callee) in ("fetch", "axios"):
        return f"`{file.text(callee)}()`"
    if _js_callback_style(arguments) and not _js_declared_async(file, callee):
        return None  # the result goes to the callback; there is no promise to lose
    if callee.type == "identifier":
        name = file.text(callee)
        if name in ("fetch", "axios"):
            return f"`{name}()`"
        if name in _js_async_names(file):
            if name in _js_never_rejecting(file):
                return None  # its whole body is a try whose catch keeps the error in: nothing can reject
            return f"async `{name}()`"
        if name in _js_promise_returners(file):
            return f"`{name}()`, which returns a promise,"
        if name in _js_awaited(file)[0]:
            return f"`{name}()` (awaited elsewhere in this file)"
        return None
    if callee.type != "member_expression":
        return None
    receiver = callee.child_by_field_name("object")
    method = _js_last_name(callee)
    if receiver is None:
        return None
    receiver_name = _js_last_name(receiver)
    if (
        file.text(receiver) in ("exports", "module.exports", "this")
        and method in _js_sync_names(file)
        and method not in _js_promise_returners(file)
    ):
        return None  # `exports.sendMail(...)` calls this file's own, synchronous `sendMail`
    if receiver.type == "identifier" and receiver_name == "Promise" and method in ("all", "allSettled", "race", "any"):
        return f"`Promise.{method}()`"
    if receiver.type == "identifier" and receiver_name == "axios" and method in _AXIOS_VERBS:
        return f"`axios.{method}()`"
    if method in _AXIOS_VERBS and file.text(receiver) in _js_axios_instances(file):
        return f"`{file.text(callee)}()`"
    if method in ("query", "execute") and _JS_DB_RECEIVERS.match(receiver_name):
        if _js_has_callback(arguments):
            return None  # callback style: no promise
        return f"`{file.text(callee)}()`"
    if method in _JS_PRISMA_OPS and "prisma" in file.text(receiver).lower():
        return f"`{file.text(callee)}()`"
    if method == "exec" and any(a.type != "comment" for a in arguments.named_children):
        pass  # mongoose's `query.exec()` takes no argument; `db.exec(sql)` (better-sqlite3, sqlite) is synchronous
    elif method in _JS_DOCUMENT_DB_OPS or (method == "save" and receiver_name not in _JS_NOT_PROMISE_RECEIVERS):
        return f"`{file.text(callee)}()`"
    if (
        _JS_REDIS_RECEIVER.search(receiver_name)
        and method in _JS_REDIS_COMMANDS
        and _js_awaits_receiver(file, receiver)
    ):
        return f"`{file.text(callee)}()`"
    if method == "sendMail" and not _js_has_callback(arguments):
        return f"`{file.text(callee)}()`"
    if method == "send" and _js_sends_sdk_command(arguments):
        return f"`{file.text(callee)}()` (an AWS SDK command)"
    if method in _js_async_names(file) and _js_receiver_has_async(file, receiver, method):
        if method in _js_never_rejecting(file):
            return None
        return f"async `{method}()`"
    if method in _JS_REPOSITORY_OPS and _js_typed_repository(file, receiver_name):
        return f"`{file.text(callee)}()` (a TypeORM repository method)"
    # The same call awaited elsewhere says it returns a promise; the receiver's other methods being
    # awaited says nothing about this one.
    callees, _receivers = _js_awaited(file)
    if " ".join(file.text(callee).split()) in callees:
        return f"`{file.text(callee)}()` (awaited elsewhere in this file)"
    return None


# TypeORM's Repository / EntityManager methods that touch the database (all return promises).
_JS_REPOSITORY_OPS = {
    "save", "insert", "update", "delete", "remove", "softDelete", "softRemove", "restore", "increment",
    "decrement", "upsert", "clear", "find", "findOne", "findOneBy", "findBy", "count", "query",
}  # fmt: skip


def _js_typed_repository(file: FileContext, name: str) -> bool:
    """The file declares `name: Repository<T>` (or another TypeORM repository type)."""
    if not name:
        return False
    declared = re.compile(
        rb"\b"
        + re.escape(name.encode())
        + rb"\s*[?!]?\s*:\s*(?:Repository|MongoRepository|TreeRepository|EntityManager)\b"
    )
    return declared.search(file.data) is not None


def _js_awaits_receiver(file: FileContext, receiver: tree_sitter.Node) -> bool:
    """Some call on this receiver is awaited in the file: its client speaks promises (node-redis 4,
    ioredis), not node-redis 3's callbacks, where a command without a callback returns a boolean."""
    return re.search(rb"await\s+" + re.escape(node_bytes(receiver)) + rb"\s*\.", file.data) is not None


def _js_declared_async(file: FileContext, callee: tree_sitter.Node) -> bool:
    """This file declares the called function or method async: it returns a promise whatever it is given."""
    name = file.text(callee) if callee.type == "identifier" else _js_last_name(callee)
    return name in _js_async_names(file)


_JS_RECEIVER_FACTS = helper("javascript", "receiver-facts", "class", "method", "object")


def _js_receiver_has_async(file: FileContext, receiver: tree_sitter.Node, method: str) -> bool:
    """`this.m()` / `super.m()`, or `x.m()` where `x` is this file's object literal or `new` of this
    file's class declaring `async m`. Other receivers (a Set's `add`, a Map's `delete`) are unknown."""
    if receiver.type in ("this", "super"):
        return True
    if receiver.type != "identifier":
        return False
    facts = file.cache.get("js_receivers")
    if facts is None:
        class_methods: dict[str, set[str]] = {}
        object_methods: dict[str, set[str]] = {}
        instances: dict[str, str] = {}
        for captures in file_matches(file, _JS_RECEIVER_FACTS):
            if "object" in captures and "class" in captures:
                instances[file.text(captures["object"][0])] = file.text(captures["class"][0])
            elif "class" in captures:
                class_methods.setdefault(file.text(captures["class"][0]), set()).add(file.text(captures["method"][0]))
            else:
                object_methods.setdefault(file.text(captures["object"][0]), set()).add(file.text(captures["method"][0]))
        for name, class_name in instances.items():
            object_methods.setdefault(name, set()).update(class_methods.get(class_name, set()))
        facts = file.cache["js_receivers"] = object_methods
    return method in facts.get(node_bytes(receiver).decode(), set())


def _js_top_level(node: tree_sitter.Node) -> bool:
    current = node
    while current.parent is not None and current.type not in ("expression_statement",):
        current = current.parent
    return current.parent is not None and current.parent.type == "program"


@check("js_call_returns_promise")
def js_call_returns_promise(match: MatchContext) -> bool:
    callback = match.node("_callback")
    if callback is not None:
        body = callback.child_by_field_name("body")
        if body is not None and _js_body_never_rejects(body):
            return False  # `ids.forEach(async id => { try { ... } catch (e) { log(e) } })`
        match.message_args["what"] = f"an async callback passed to `{match.text(match.node('_each'))}`"
        return True
    callee, arguments = match.node("_callee"), match.node("_args")
    if callee is None or arguments is None:
        return False
    statement = match.node("finding")
    if callee.type == "identifier" and statement is not None and _js_top_level(statement):
        return False  # `bootstrap();` at the top of the entry module: a rejection ends the process loudly
    reason = _js_promise_call(match.file, callee, arguments)
    if reason is None:
        return False
    match.message_args["what"] = f"the promise from {reason}"
    return True


def _js_chain_methods(call: tree_sitter.Node) -> list[tuple[str, tree_sitter.Node | None]]:
    """(method, arguments) from the outermost call of a chain inwards."""
    out: list[tuple[str, tree_sitter.Node | None]] = []
    current: tree_sitter.Node | None = call
    while current is not None and current.type == "call_expression":
        function = current.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            break
        out.append((_js_last_name(function), current.child_by_field_name("arguments")))
        current = function.child_by_field_name("object")
        while current is not None and current.type in ("parenthesized_expression", "await_expression"):
            current = current.named_children[0] if current.named_children else None
    return out


@check("js_chain_lacks_catch")
def js_chain_lacks_catch(match: MatchContext) -> bool:
    call = match.node("finding")
    if call is None or node_bytes(call).startswith(b"await"):
        return False  # `await a.b<T>().then(...)`: tree-sitter-typescript puts the await inside the chain
    chain = _js_chain_methods(call)
    names = [name for name, _ in chain]
    if "then" not in names or "catch" in names:
        return False
    for name, arguments in chain:
        if name == "then" and arguments is not None and len(arguments.named_children) >= 2:
            return False  # then(onFulfilled, onRejected)
    # `Promise.allSettled(ps).then(results => ...)`: it settles with every outcome, never rejects.
    settles = _NEVER_REJECTS.match(node_bytes(call)) is not None and names.count("then") == 1 and names[0] == "then"
    return not settles


_NEVER_REJECTS = re.compile(rb"^\s*Promise\s*\.\s*allSettled\s*\(")


def _js_object_keys(node: tree_sitter.Node) -> set[str] | None:
    """Keys of an object literal; None when a spread could bring in any key."""
    keys = set()
    for child in node.named_children:
        if child.type == "spread_element":
            return None
        if child.type == "pair":
            key = child.child_by_field_name("key")
            if key is not None:
                keys.add(node_bytes(key).decode().strip("'\""))
        elif child.type in ("shorthand_property_identifier", "method_definition"):
            keys.add(node_bytes(child).decode() if child.type != "method_definition" else "")
    return keys


# Set anywhere in the project (a server's constructor), axios's default timeout covers every call.
_AXIOS_DEFAULT_TIMEOUT = re.compile(rb"axios\.defaults\.timeout\s*=\s*[1-9]")
_JS_AXIOS_DEFAULTS = helper("javascript", "axios-defaults", "axios", "defaults", "timeout")


_JS_AXIOS_INSTANCES = helper("javascript", "axios-instances", "name", "axios", "create", "args")


def _js_axios_instances(file: FileContext) -> dict[str, bool]:
    """Instance name -> True when `axios.create(...)` gave it no timeout."""
    cached = file.cache.get("js_axios_instances")
    if cached is None:
        cached = {}
        for captures in file_matches(file, _JS_AXIOS_INSTANCES):
            if file.text(captures["axios"][0]) != "axios" or file.text(captures["create"][0]) != "create":
                continue
            args = [a for a in captures["args"][0].named_children if a.type != "comment"]
            if not args:
                lacks = True
            elif args[0].type == "object":
                keys = _js_object_keys(args[0])
                lacks = keys is not None and not (keys & {"timeout", "signal"})
            else:
                lacks = False  # config built elsewhere
            cached[file.text(captures["name"][0])] = lacks
        file.cache["js_axios_instances"] = cached
    return cached


_NODE_FETCH_IMPORT = re.compile(
    rb"""(?:require\(\s*|from\s+|import\s+)['"](?:node-fetch|cross-fetch|isomorphic-fetch|undici-fetch)['"]"""
)
_NODE_SETS_TIMEOUT = re.compile(rb"\.setTimeout\(|\.on\(\s*['\"]timeout['\"]")


@check("js_http_call_lacks_timeout")
def js_http_call_lacks_timeout(match: MatchContext) -> bool:
    callee = match.text(match.node("_callee"))
    arguments = match.node("_args")
    if arguments is None:
        return False
    args = [a for a in arguments.named_children if a.type != "comment"]
    module = match.node("_module")
    instance = match.node("_instance")
    if instance is not None:
        if not _js_axios_instances(match.file).get(match.text(instance), False):
            return False
        module = instance
    if callee == "fetch" and module is None:
        if not _NODE_FETCH_IMPORT.search(match.file.data):
            # Node's own fetch (undici) gives up after 300 s without headers or body: slow, not
            # forever. node-fetch and other polyfills have no such limit.
            return False
        options = args[1] if len(args) > 1 else None
        wanted = {"signal", "timeout"}  # node-fetch 2 takes `timeout`
        what = "`fetch()`"
    elif module is not None and match.text(module) in ("http", "https"):
        # http.get(url[, options][, callback]) / https.request(options[, callback]): no timeout by default.
        if _NODE_SETS_TIMEOUT.search(match.file.data):
            return False
        options = next((a for a in args[:2] if a.type == "object"), None)
        if options is None and args and args[0].type == "identifier" and len(args) <= 2:
            return False  # options built elsewhere: cannot see inside
        wanted = {"timeout", "signal"}
        what = f"`{match.text(module)}.{callee}()`"
    elif (callee == "got" and module is None) or (module is not None and match.text(module) == "got"):
        # got(url, options), got.post(url, options), got(options)
        index = 0 if args and args[0].type == "object" else 1
        options = args[index] if len(args) > index else None
        wanted = {"timeout", "signal"}
        what = "`got()`" if module is None else f"`got.{callee}()`"
    else:
        if "js_axios_defaults" not in match.file.cache:
            match.file.cache["js_axios_defaults"] = bool(
                file_matches(match.file, _JS_AXIOS_DEFAULTS)
            ) or project.mentions(match.file.path, _AXIOS_DEFAULT_TIMEOUT, (".js", ".cjs", ".mjs", ".ts"))
        if match.file.cache["js_axios_defaults"]:
            return False
        if module is None:  # axios(config) or axios(url, config)
            index = 0 if args and args[0].type == "object" else 1
        elif callee == "request":
            index = 0
        elif callee in ("post", "put", "patch"):
            index = 2
        else:
            index = 1
        options = args[index] if len(args) > index else None
        wanted = {"timeout", "signal", "cancelToken"}
        what = "`axios()`" if module is None else f"`{match.text(module)}.{callee}()`"
        if instance is not None:
            what += " (an `axios.create()` instance without a timeout)"
    if not args:
        return False
    match.message_args["what"] = what
    match.message_args["how"] = "has neither a timeout nor an abort signal"
    if options is None:
        return True
    callers = forwarded.js_callers_without(match.file, options, tuple(sorted(wanted)))
    if callers:  # the helper's own options handed on, and some callers here give none
        match.message_args["how"] = forwarded.describe(match.file, options, callers, "a timeout or an abort signal")
        return True
    if options.type != "object":
        return False  # options built elsewhere: cannot see inside
    keys = _js_object_keys(options)
    return keys is not None and not (keys & wanted)
