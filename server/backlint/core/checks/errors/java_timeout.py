"""Java's HTTP clients without a timeout (BL207): Spring's `new RestTemplate()`, the JDK's
`HttpClient.newHttpClient()`, Apache's `HttpClients.createDefault()` and java.net.URL connections,
whose defaults wait forever. A timeout configured anywhere in the file (a request factory, request
timeouts, a RequestConfig) counts: clients are usually built in one place and used in another."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .common import enclosing
from .java_request_timeout import every_request_timed, request_lacks_timeout

_REQUEST_FACTORY = re.compile(rb"setRequestFactory\(|\.requestFactory\(|RestTemplateBuilder")
_APACHE_TIMEOUT = re.compile(rb"RequestConfig|setConnectTimeout\(|setSocketTimeout\(|setResponseTimeout\(")
_TIMEOUT_SET = re.compile(rb"\bset(?:Connect|Read)Timeout\s*\(")
_HTTP_CONNECTION = re.compile(rb"\bHttps?URLConnection\b")
_URL_CREATION = re.compile(r"^new\s+(?:java\.net\.)?URL\s*\(|\.toURL\(\)$")
_NOT_HTTP = re.compile(r"toURI\(\)|new\s+File\(|getResource|[\"'](?:file|jar|classpath):", re.I)
_URL_NAME = re.compile(r"(?i)url$|^url|endpoint$")
_METHODS = ("method_declaration", "constructor_declaration", "lambda_expression")


@check("java_client_lacks_timeout")
def java_client_lacks_timeout(match: MatchContext) -> bool:
    file = match.file
    call, kind, function = match.node("finding"), match.node("_type"), match.node("_fn")
    if call is None:
        return False
    if match.node("_send") is not None:
        return request_lacks_timeout(match)
    if kind is not None and match.text(kind) == "RestTemplate":
        args = match.node("_args")
        if args is None or args.named_children or _REQUEST_FACTORY.search(file.data):
            return False  # `new RestTemplate(factory)`, or a factory with timeouts configured here
        match.message_args["what"] = "`new RestTemplate()` connects and reads with no timeout"
        return True
    method = match.text(function) if function is not None else ""
    if method == "newHttpClient":
        if every_request_timed(file.data):
            return False
        match.message_args["what"] = "`HttpClient.newHttpClient()` has no connect timeout and its requests none either"
        return True
    if method == "createDefault":
        if _APACHE_TIMEOUT.search(file.data):
            return False
        match.message_args["what"] = "`HttpClients.createDefault()` connects and reads with no timeout"
        return True
    receiver = match.node("_receiver")
    if receiver is None or not _reads_a_url(match, receiver):
        return False
    scope = enclosing(call, _METHODS)
    text = file.data[scope.start_byte : scope.end_byte] if scope is not None else file.data
    if method == "openConnection" and (not _HTTP_CONNECTION.search(text) or _TIMEOUT_SET.search(text)):
        return False  # not an HTTP connection (jar:, file:), or its timeouts are set in this method
    match.message_args["what"] = f"`{method}()` uses URLConnection's default timeouts of 0 (wait forever)"
    return True


def _reads_a_url(match: MatchContext, receiver: tree_sitter.Node) -> bool:
    """`new URL(u)`, `uri.toURL()`, or a local of this method declared as one (or named like one)."""
    text = match.text(receiver)
    if _NOT_HTTP.search(text):
        return False
    if _URL_CREATION.search(text):
        return True
    if receiver.type != "identifier":
        return False
    scope = enclosing(receiver, _METHODS)
    before = match.file.data[scope.start_byte : receiver.start_byte] if scope is not None else b""
    name = re.escape(node_bytes(receiver))
    declared = re.search(rb"\bURL\s+" + name + rb"\s*=\s*([^;]*);|\bURL\s+" + name + rb"\b", before)
    if declared is None:
        return _URL_NAME.search(text) is not None and b"URL" in before
    value = (declared.group(1) or b"").decode("utf-8", "replace").strip()
    return not value or (_URL_CREATION.search(value) is not None and not _NOT_HTTP.search(value))
