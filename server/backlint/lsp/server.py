"""The language server: the server object, the protocol's guard rails, and running it (`serve_tcp()`,
and `run_stdio()` where quickstart hands stdio over).

Each feature lives in its own module with a `register(server)` function; this module wires them.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.exceptions import (
    FeatureNotificationError,
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
    JsonRpcMethodNotFound,
)
from pygls.lsp.server import LanguageServer
from pygls.protocol import lsp_method

from ..core.engine import strict_mode
from .analysis import Analyzer
from .capabilities import SERVER_NAME
from .client import ClientFeatures
from .documents import DocumentStore
from .fence import ErrorReporter, fenced
from .pygls_private import (
    ProtocolWithPublicHooks,
    PyglsPrivateMembersChanged,
    as_sent,
    check_pygls_private,
    converter,
    forget_request,
    is_notification_callback,
    pending_request,
    shutdown_requested,
)
from .settings import ServerSettings
from .startup import configure_logging, package_version

if TYPE_CHECKING:
    from .code_actions import CodeActions
    from .expert import Expert
    from .lifecycle import SettingsLoader

log = logging.getLogger(__name__)

SERVER_NOT_INITIALIZED = -32002
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603


@dataclass(frozen=True)
class _Dropped:
    """A message that cannot be handled and cannot be answered (no id): logged and dropped."""

    reason: str
    jsonrpc: str = "2.0"


@dataclass(frozen=True)
class _Unreadable:
    """A request whose params did not match the method's type: answered with InvalidParams."""

    id: Any
    method: str
    jsonrpc: str = "2.0"


class BacklintProtocol(ProtocolWithPublicHooks):
    """pygls' protocol with the guard rails LSP asks for, and without pygls' own document store."""

    def __init__(self, server: BacklintServer, message_converter):
        super().__init__(server, message_converter)
        self._backlint_server = server
        self._initialize_seen = False
        self._notification_ids: set[str] = set()
        self._answered_initialize: tuple[Any, dict] | None = None

    def initialize_answered(self, msg_id, result: dict) -> None:
        """`initialize` request `msg_id` was answered with `result` before this server existed.

        The request still comes in and is handled as always (quickstart replays it), so the server
        ends up as pygls leaves it after `initialize`; only its response is held back, and compared
        with the one the client got.
        """
        self._answered_initialize = (msg_id, result)

    def _is_answered_initialize(self, data) -> bool:
        pending = self._answered_initialize
        return (
            pending is not None
            and isinstance(data, dict)
            and data.get("method") == types.INITIALIZE
            and _same_id(data.get("id"), pending[0])
        )

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except (JsonRpcInvalidParams, JsonRpcInternalError):
            if self._is_answered_initialize(data):
                return self._salvage_initialize(data)
            if isinstance(data, dict) and "id" in data and isinstance(data.get("method"), str):
                return _Unreadable(data["id"], data["method"])
            if isinstance(data, dict) and isinstance(data.get("id"), (int, str)) and "method" not in data:
                # The client's answer to our request, in the wrong shape: the waiting code gets null
                # (what a client without the feature says) instead of waiting forever.
                log.warning("the client's answer to request %s has the wrong shape; taken as null", data["id"])
                return super().structure_message({"jsonrpc": "2.0", "id": data["id"], "result": None})
            return _Dropped(f"a message that does not match its method ({str(data.get('method'))[:80]})")

    def handle_message(self, message):
        if isinstance(message, _Dropped):
            log.warning("dropping %s", message.reason)
            return
        if not isinstance(message, dict) and not hasattr(message, "jsonrpc"):  # a batch, a string, a number
            log.warning("ignoring a message that is not a JSON-RPC object")
            return
        if isinstance(message, _Unreadable):
            log.warning("invalid params for %s (request %s)", message.method, message.id)
            self._send_error(message.id, INVALID_PARAMS, f"invalid params for {message.method}")
            return
        if isinstance(message, dict):  # JSON, but not JSON-RPC 2.0
            log.warning("ignoring a message that is not JSON-RPC 2.0")
            if message.get("id") is not None:
                self._send_error(message["id"], INVALID_REQUEST, "not a JSON-RPC 2.0 message")
            return
        method = getattr(message, "method", None)
        is_request = method is not None and hasattr(message, "id")
        if method is not None and not self._initialize_seen:
            if method == types.INITIALIZE:
                self._initialize_seen = True
            elif is_request:
                self._send_error(message.id, SERVER_NOT_INITIALIZED, "the server is not initialized yet")
                return
            elif method != types.EXIT:
                log.warning("dropping %s sent before initialize", method)
                return
        if shutdown_requested(self) and is_request:
            self._send_error(message.id, INVALID_REQUEST, "the server is shutting down")
            return
        super().handle_message(message)

    def execute_handler(self, msg_id, handler, callback, args=None, kwargs=None) -> None:
        # pygls files a notification's future under a made-up id that nothing ever removes: about
        # 1 KB per keystroke for as long as the server runs. Forget the finished ones as we go (never
        # from a done-callback: `shutdown` cancels futures while iterating over them).
        for key in list(self._notification_ids):
            future = pending_request(self, key)
            if future is None or future.done():
                self._notification_ids.discard(key)
                forget_request(self, key)
        super().execute_handler(msg_id, handler, callback, args, kwargs)
        if is_notification_callback(self, callback) and pending_request(self, msg_id) is not None:
            self._notification_ids.add(msg_id)

    def handle_cancel(self, msg_id) -> None:
        if not isinstance(msg_id, (int, str)) or isinstance(msg_id, bool):
            log.warning("ignoring a cancel for an id that is not a number or a string")
            return
        super().handle_cancel(msg_id)

    def _salvage_initialize(self, data):
        """An answered `initialize` whose capabilities lsprotocol cannot read in full.

        The client has its answer already, so the request cannot be refused any more: the parts
        lsprotocol rejects are dropped one by one (they are capabilities only: quickstart checks
        the rest, and the parts its answer depends on), and the server starts without them.
        """
        message = copy.deepcopy(data)
        dropped: list[str] = []
        for _ in range(_SALVAGE_ROUNDS):
            try:
                request = converter(self).structure(message, types.InitializeRequest)
            except Exception as error:
                if (where := drop_unreadable_capability(message, error)) is None:
                    break
                dropped.append(where)
                continue
            log.warning("the client's capabilities have parts that cannot be read; ignored: %s", ", ".join(dropped))
            return request
        log.error("the answered initialize request cannot be read; starting without the client's capabilities")
        message["params"]["capabilities"] = {}
        try:
            return converter(self).structure(message, types.InitializeRequest)
        except Exception as error:
            log.error("the initialize request cannot be read even without capabilities: %s", type(error).__name__)
            return _Unreadable(data["id"], types.INITIALIZE)

    def _check_early_answer(self, sent: dict, result, error) -> None:
        """The server's own answer to an initialize quickstart answered: it must be the same."""
        if error is not None:
            problem = f"initialize failed after it was answered ({error.code})"
        else:
            real = as_sent(self, result)
            if real == sent:
                return
            keys = sorted(
                k
                for k in {*real.get("capabilities", {}), *sent.get("capabilities", {})}
                if real.get("capabilities", {}).get(k) != sent.get("capabilities", {}).get(k)
            )
            if real.get("serverInfo") != sent.get("serverInfo"):
                keys.append("serverInfo")
            problem = f"the early initialize answer differs from the server's in {', '.join(keys)}"
        log.error("%s", problem)
        if strict_mode():
            self._backlint_server.fail("answering initialize early", RuntimeError(problem))

    def send_response(self, msg_id, result=None, error=None) -> None:
        pending = self._answered_initialize
        if pending is not None and _same_id(msg_id, pending[0]):
            self._answered_initialize = None
            self._check_early_answer(pending[1], result, error)
            return
        # pygls answers a handler's exception with its message and traceback, which can quote
        # document text: the client gets a generic message, the details stay in the log.
        if error is not None and (error.data is not None or error.code == INTERNAL_ERROR):
            message = (
                error.message
                if error.code != INTERNAL_ERROR
                else "backlint: the request failed; details are in the backlint log"
            )
            error = types.ResponseError(code=error.code, message=message)
        super().send_response(msg_id, result, error)

    def _send_error(self, msg_id, code: int, message: str) -> None:
        self.send_response(msg_id, error=types.ResponseError(code=code, message=message))

    # The server keeps its own documents (documents.py); pygls' copy would split lines at form
    # feeds, read unopened files from disk and double the memory per document.
    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


_SALVAGE_ROUNDS = 64


def _same_id(a, b) -> bool:
    return type(a) is type(b) and a == b


# After the answer went out, the server must take the request even where lsprotocol refuses parts
# of the client's capabilities (quickstart checks everything else, and every part its answer reads).
_ERROR_PATH = re.compile(r" @ \$((?:\.\w+|\[\d+\])*)$")
_PATH_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")


def drop_unreadable_capability(message: dict, error: Exception) -> str | None:
    """Delete from an initialize `message` the capability that made structuring fail with `error`.

    Returns where it was (e.g. "text_document.hover.content_format.0"), None when `error` names no
    capability. Only the server calls this, after its own imports: cattrs is imported here lazily.
    """
    import cattrs

    for line in cattrs.transform_error(error):
        if (match := _ERROR_PATH.search(line)) is None:
            continue
        path = [name or int(index) for name, index in _PATH_STEP.findall(match.group(1))]
        if _drop(message, path):
            return ".".join(str(step) for step in path[2:])
        return None
    return None


def _json_key(container: dict, name: str) -> str | None:
    """The JSON key that lsprotocol reads into attribute `name` (camelCase), as the message spells it."""
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return camel if camel in container else name if name in container else None


def _drop(message: dict, path: list) -> bool:
    """Delete what `path` names below params.capabilities (its container when the name is missing)."""
    if path[:2] != ["params", "capabilities"] or len(path) < 3:
        return False
    node = message["params"]["capabilities"]
    trail: list = []  # (container, key) pairs down to the deepest part that exists
    key: int | str | None
    for step in path[2:]:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            key = step
        elif isinstance(step, str) and isinstance(node, dict) and (key := _json_key(node, step)) is not None:
            pass
        else:
            break  # a required field is missing (or the shape is off): drop the part that holds it
        trail.append((node, key))
        node = node[key]
    if not trail:
        return False
    container, key = trail[-1]
    del container[key]
    return True


class BacklintServer(LanguageServer):
    """The server object the feature modules (and lsp/expert.py) work with.

    Attributes offered to feature modules: store, settings, action_providers, action_resolvers,
    hover_providers, find_finding(), report_error_once(); plus analyzer (scheduling, worker
    thread), client (ClientFeatures), workspace_root.
    """

    protocol: BacklintProtocol  # the protocol_cls given below
    # Set by the feature modules that create them (lifecycle, code_actions, expert).
    settings_loader: SettingsLoader
    code_actions: CodeActions
    expert: Expert

    def __init__(self) -> None:
        super().__init__(
            name=SERVER_NAME,
            version=package_version(),
            protocol_cls=BacklintProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.store = DocumentStore()
        self.settings = ServerSettings()
        self.action_providers: list = []
        self.action_resolvers: dict = {}
        self.hover_providers: list = []
        self.client = ClientFeatures()
        self.workspace_root: Path | None = None
        self.analyzer = Analyzer(self)
        self.errors = ErrorReporter(self._show_generic_error)
        self.index_task: asyncio.Task | None = None  # the workspace index (workspace_index.py)

    # -- the contract ------------------------------------------------------------------------
    def find_finding(self, uri: str, fingerprint: str):
        document = self.store.get(uri)
        if document is None or document.analysis is None:
            return None
        for finding in document.analysis.findings:
            if finding.fingerprint == fingerprint:
                return document, finding
        return None

    def report_error_once(self, feature: str, error: BaseException) -> None:
        self.errors.report(feature, error)

    # -- failures ----------------------------------------------------------------------------
    def fence(self, feature: str, default: Any = None):
        return fenced(self.fail, feature, default)

    def fail(self, feature: str, error: BaseException) -> None:
        """A feature failed outside a request: one generic message, or loudly in strict mode."""
        if strict_mode():
            log.error("strict mode: %s raised", feature, exc_info=error)
            self._show(
                types.MessageType.Error, f"backlint strict mode: {feature} raised {type(error).__name__}: {error}"
            )
            return
        self.report_error_once(feature, error)

    def report_server_error(self, error: Exception, source) -> None:
        if isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)) and source is JsonRpcException:
            # Bytes that are not JSON (or not UTF-8): the client's fault, not a failing feature.
            log.warning("ignoring a message that is not valid JSON: %s", type(error).__name__)
            return
        if isinstance(error, (JsonRpcMethodNotFound, JsonRpcInvalidParams)):
            return  # the client asked for something that is not there: answered, nothing failed here
        # Request errors already answer their request; everything else is reported once.
        if source is not FeatureNotificationError and not strict_mode():
            log.error("protocol error: %s", type(error).__name__)
            return
        self.fail("message handling", error)

    def _show_generic_error(self, message: str) -> None:
        self._show(types.MessageType.Error, message)

    def _show(self, kind: types.MessageType, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def show_warning(self, message: str) -> None:
        self._show(types.MessageType.Warning, message)

    def choose_encoding(self, caps: types.ClientCapabilities) -> str:
        return str(ServerCapabilitiesBuilder.choose_position_encoding(caps))


def _register_expert(server: BacklintServer) -> None:
    """The LLM layer plugs in here; without it (or if it breaks) everything else still works."""
    try:
        from . import expert
    except ImportError:
        log.info("the backend expert is not installed; deterministic features only")
        return
    except Exception as error:
        if strict_mode():
            raise
        log.exception("importing the backend expert failed")
        server.errors.report("backend expert", error)
        return
    try:
        expert.register(server)
    except Exception as error:
        if strict_mode():
            raise
        log.exception("setting up the backend expert failed")
        server.errors.report("backend expert", error)


def create_server() -> BacklintServer:
    from . import code_actions, hover, lifecycle, sync, workspace_scan

    server = BacklintServer()
    try:  # a pygls that lacks what backlint relies on: say which member, before it fails somewhere obscure
        check_pygls_private(server.protocol)
    except PyglsPrivateMembersChanged as error:
        log.error("%s", error)
    lifecycle.register(server)
    sync.register(server)
    hover.register(server)
    code_actions.register(server)
    workspace_scan.register(server)
    _register_expert(server)
    return server


def preload_features() -> None:
    """Import what create_server() imports (quickstart does this on its import thread)."""
    from . import code_actions, hover, lifecycle, sync, workspace_scan  # noqa: F401

    try:
        from . import expert  # noqa: F401
    except Exception:  # create_server() meets it again and reports it (_register_expert)
        log.debug("importing the backend expert failed", exc_info=True)


def serve_tcp(tcp: tuple[str, int]) -> None:
    """Run the language server over TCP, for debugging. Does not return.

    Over stdio it starts in quickstart.serve_stdio, which answers initialize early and then comes
    here through run_stdio: this module never imports quickstart.
    """
    configure_logging()
    server = create_server()
    server.start_tcp(*tcp)
    _leave(server)


def run_stdio(stdin, answered_initialize: tuple[Any, dict] | None = None) -> None:
    """Serve stdio from `stdin` (quickstart's replay of what it read, then the rest). Does not return.

    `answered_initialize` is (request id, result) when quickstart already answered `initialize`.
    """
    server = create_server()
    if answered_initialize is not None:
        server.protocol.initialize_answered(*answered_initialize)
    server.start_io(stdin=stdin)
    _leave(server)


def _leave(server: BacklintServer) -> None:
    # The input closed (or the loop ended) without `exit`: leave cleanly, saying whether shutdown came.
    code = 0 if shutdown_requested(server.protocol) else 1
    try:
        server.analyzer.shutdown()
    finally:
        logging.shutdown()
        os._exit(code)
