"""The one place backlint names pygls' private members.

pygls 2 offers no public way to do a few things the server needs: send a message that is JSON
already, read the cattrs converter, find a request's future, know that `shutdown` came, and change
how handlers run, cancels are taken and responses go out. What backlint relies on is declared in
RELIED_ON; `check_pygls_private()` raises, naming each member that is gone and the installed pygls
version, so an upgrade fails tests/unit/test_pygls_private.py (and logs an error at start-up)
instead of breaking somewhere obscure later. The rest of the package uses the functions and the
hooks of ProtocolWithPublicHooks below; that test also keeps the private names out of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol

if TYPE_CHECKING:
    import asyncio
    import concurrent.futures
    from collections.abc import Callable, Iterable

    import cattrs


@dataclass(frozen=True)
class PrivateMember:
    owner: type  # the pygls class backlint reaches it through
    name: str
    why: str
    set_in_init: bool = False  # an instance attribute: only an instance of `owner` shows it

    def qualified(self) -> str:
        return f"{self.owner.__name__}.{self.name}"


RELIED_ON: tuple[PrivateMember, ...] = (
    PrivateMember(
        LanguageServerProtocol,
        "_converter",
        "the converter pygls reads and writes messages with: diagnostics are made JSON once and kept, "
        "an answered initialize is read again without the capabilities lsprotocol rejects",
        set_in_init=True,
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_send_data",
        "publishDiagnostics goes out from JSON kept between publications; the public notify() "
        "would rebuild and unstructure every diagnostic on each keystroke",
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_request_futures",
        "in-flight futures by id: to link a command's task to its request's cancellation, and to "
        "drop the notification futures pygls never removes",
        set_in_init=True,
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_shutdown",
        "set by pygls' `shutdown` handler: `exit` and the end of input choose the exit code by it",
        set_in_init=True,
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_serialize_message",
        "the json.dumps default pygls sends with, to compare an early initialize answer with the real one",
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_check_handler_result",
        "the callback pygls gives a notification's future: tells notifications from requests",
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_execute_handler",
        "overridden: every handler's future passes here, where finished notification futures are dropped",
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_handle_cancel_notification",
        "overridden: a $/cancelRequest whose id is not a number or a string is ignored",
    ),
    PrivateMember(
        LanguageServerProtocol,
        "_send_response",
        "overridden: every response passes here (error messages made generic, an early initialize answer held back)",
    ),
)


class PyglsPrivateMembersChanged(RuntimeError):
    """The installed pygls lacks private members backlint relies on (or took a hook's name)."""


def pygls_version() -> str:
    from importlib import metadata  # only when something is wrong: it costs start-up time

    try:
        return metadata.version("pygls")
    except metadata.PackageNotFoundError:
        return "unknown"


def mismatches(protocol: JsonRPCProtocol | None = None, relied_on: Iterable[PrivateMember] = RELIED_ON) -> list[str]:
    """What pygls lacks (or a hook's name it took), one line each; [] when all is in place.

    Instance attributes are looked for on `protocol` (a plain pygls one when None), methods on
    their owner class: backlint's own overrides would hide a method pygls no longer has.
    """
    if protocol is None:
        protocol = _plain_protocol()
    found = []
    for member in relied_on:
        if not hasattr(protocol if member.set_in_init else member.owner, member.name):
            found.append(f"{member.qualified()} is missing ({member.why})")
    for hook in HOOKS:
        if hasattr(LanguageServerProtocol, hook):
            found.append(f"LanguageServerProtocol.{hook} is pygls' own now: backlint's hook of that name hides it")
    return found


def check_pygls_private(protocol: JsonRPCProtocol | None = None) -> None:
    """Raise PyglsPrivateMembersChanged naming every member of RELIED_ON the installed pygls lacks
    (and every hook name it defines itself)."""
    found = mismatches(protocol)
    if found:
        raise PyglsPrivateMembersChanged(
            f"pygls {pygls_version()} does not have what backlint relies on "
            f"(see backlint/lsp/pygls_private.py): " + "; ".join(found)
        )


def _plain_protocol() -> JsonRPCProtocol:
    from pygls.lsp.server import LanguageServer

    return LanguageServer(name="backlint-check", version="0").protocol


# -- the accessors ------------------------------------------------------------------------------------
def converter(protocol: JsonRPCProtocol) -> cattrs.Converter:
    """The cattrs converter pygls structures and unstructures messages with."""
    return protocol._converter


def send_payload(protocol: JsonRPCProtocol, message: dict) -> None:
    """Send `message` (a JSON-RPC message as plain JSON data) as it is."""
    protocol._send_data(message)


def pending_request(
    protocol: JsonRPCProtocol, msg_id: Any
) -> concurrent.futures.Future[Any] | asyncio.Future[Any] | None:
    """The future of the message `msg_id` pygls is still handling, if any (an asyncio one for a
    coroutine handler, whatever pygls' annotation says)."""
    return protocol._request_futures.get(msg_id)


def forget_request(protocol: JsonRPCProtocol, msg_id: Any) -> None:
    protocol._request_futures.pop(msg_id, None)


def shutdown_requested(protocol: JsonRPCProtocol) -> bool:
    """True once the client's `shutdown` request was handled."""
    return protocol._shutdown


def as_sent(protocol: JsonRPCProtocol, value: Any) -> Any:
    """`value` as the JSON pygls would send it, read back."""
    return json.loads(json.dumps(value, default=protocol._serialize_message))


def is_notification_callback(protocol: JsonRPCProtocol, callback: Callable) -> bool:
    """True when `callback` is the one pygls gives a notification's future (requests get another)."""
    return callback == protocol._check_handler_result


# -- the overrides --------------------------------------------------------------------------------------
HOOKS = ("execute_handler", "handle_cancel", "send_response")


class ProtocolWithPublicHooks(LanguageServerProtocol):
    """pygls' protocol with its private methods that backlint changes forwarded to public hooks.

    A subclass overrides the hook (and calls super() for pygls' behaviour), never the private name.
    """

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        self.execute_handler(msg_id, handler, callback, args, kwargs)

    def execute_handler(self, msg_id, handler, callback, args=None, kwargs=None) -> None:
        """Run the handler of message `msg_id`; pygls calls `callback` with its future when it is done."""
        super()._execute_handler(msg_id, handler, callback, args, kwargs)

    def _handle_cancel_notification(self, msg_id):
        self.handle_cancel(msg_id)

    def handle_cancel(self, msg_id) -> None:
        """The client's $/cancelRequest for `msg_id`."""
        super()._handle_cancel_notification(msg_id)

    def _send_response(self, msg_id, result=None, error=None):
        self.send_response(msg_id, result, error)

    def send_response(self, msg_id, result=None, error=None) -> None:
        """Answer request `msg_id` with `result`, or with `error` when that is set."""
        super()._send_response(msg_id, result, error)
