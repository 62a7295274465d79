"""pygls' private members: the installed pygls has every one backlint relies on, the check names a
missing one, and only backlint/lsp/pygls_private.py names them."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

import pytest
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol
from pygls.server import JsonRPCServer

from backlint.lsp import pygls_private
from backlint.lsp.pygls_private import (
    HOOKS,
    RELIED_ON,
    PrivateMember,
    PyglsPrivateMembersChanged,
    check_pygls_private,
    mismatches,
    pygls_version,
)
from backlint.lsp.server import BacklintServer

ROOT = Path(__file__).resolve().parents[2] / "server" / "backlint"
ADAPTER = Path(pygls_private.__file__).resolve()
METHODS = [member for member in RELIED_ON if not member.set_in_init]
ATTRIBUTES = [member for member in RELIED_ON if member.set_in_init]
# The pygls classes backlint subclasses or holds (its protocol and its server).
PYGLS_CLASSES = (JsonRPCProtocol, LanguageServerProtocol, JsonRPCServer, LanguageServer)


def _defining_class(name: str) -> type:
    return next(cls for cls in LanguageServerProtocol.__mro__ if name in vars(cls))


# -- the installed pygls ------------------------------------------------------------------------------
def test_the_installed_pygls_has_every_private_member_backlint_relies_on():
    check_pygls_private()  # on a plain pygls protocol
    check_pygls_private(BacklintServer().protocol)  # on backlint's, as at start-up


def test_the_version_in_the_message_is_the_installed_one():
    from importlib import metadata

    assert pygls_version() == metadata.version("pygls")


# -- the check can fail -------------------------------------------------------------------------------
@pytest.mark.parametrize("member", METHODS, ids=lambda member: member.name)
def test_a_method_pygls_no_longer_has_is_named(member: PrivateMember, monkeypatch):
    monkeypatch.delattr(_defining_class(member.name), member.name)
    # backlint's protocol overrides some of them: its own definition must not hide that pygls' is gone
    for protocol in (None, BacklintServer().protocol):
        with pytest.raises(PyglsPrivateMembersChanged) as raised:
            check_pygls_private(protocol)
        message = str(raised.value)
        assert f"LanguageServerProtocol.{member.name} is missing" in message
        assert f"pygls {pygls_version()} " in message
        assert message.count(" is missing ") == 1  # only the one taken away


@pytest.mark.parametrize("member", ATTRIBUTES, ids=lambda member: member.name)
def test_an_attribute_pygls_no_longer_sets_is_named(member: PrivateMember):
    protocol = BacklintServer().protocol
    delattr(protocol, member.name)
    with pytest.raises(PyglsPrivateMembersChanged, match=rf"LanguageServerProtocol\.{member.name} is missing"):
        check_pygls_private(protocol)


def test_a_member_never_there_is_named():
    made_up = PrivateMember(LanguageServerProtocol, "_not_in_any_pygls", "a test")
    assert mismatches(None, [*RELIED_ON, made_up]) == ["LanguageServerProtocol._not_in_any_pygls is missing (a test)"]


@pytest.mark.parametrize("hook", HOOKS)
def test_pygls_taking_a_hooks_name_is_named(hook: str, monkeypatch):
    monkeypatch.setattr(LanguageServerProtocol, hook, lambda *args: None, raising=False)
    with pytest.raises(PyglsPrivateMembersChanged, match=rf"LanguageServerProtocol\.{hook} is pygls' own now"):
        check_pygls_private()


def test_the_hooks_are_what_pygls_calls():
    """pygls calls the private names; each one must reach backlint's hook of the same purpose."""
    protocol = BacklintServer().protocol
    calls = []
    for hook in HOOKS:
        setattr(protocol, hook, lambda *args, hook=hook: calls.append(hook))
    protocol._execute_handler("id", print, print)
    protocol._handle_cancel_notification(1)
    protocol._send_response(1, None, None)
    assert calls == list(HOOKS)


# -- only the adapter names them ----------------------------------------------------------------------
def _pygls_private_names() -> set[str]:
    """Private methods and attributes of the pygls classes backlint subclasses or holds."""
    names = set()
    for cls in PYGLS_CLASSES:
        names |= set(vars(cls))
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(cls)))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)  # set in a method, e.g. __init__
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def _uses(path: Path, names: set[str], *, strings: bool = True) -> list[tuple[int, str]]:
    """(line, name) for each `x.name`, `def name` in a class and (with `strings`) "name" string in
    the module at `path`."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.ClassDef):
            found += [
                (item.lineno, item.name)
                for item in node.body
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in names
            ]
            continue
        elif strings and isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value  # getattr(protocol, "_send_data")
        else:
            continue
        if name in names:
            found.append((node.lineno, name))
    return sorted(found)


def _where(path: Path, uses: list[tuple[int, str]]) -> list[str]:
    return [f"{path.relative_to(ROOT.parent)}:{line}: {name}" for line, name in uses]


def test_the_pygls_private_names_are_found_at_all():
    names = _pygls_private_names()
    assert {member.name for member in RELIED_ON} <= names
    assert _uses(ADAPTER, {"_send_data"}), "the scan must see the adapter's own use"


def test_no_module_but_the_adapter_names_a_declared_member():
    declared = {member.name for member in RELIED_ON}
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.resolve() != ADAPTER:
            found += _where(path, _uses(path, declared))
    assert not found, "pygls private members named outside backlint/lsp/pygls_private.py:\n" + "\n".join(found)


def test_the_lsp_package_names_no_other_pygls_private_member():
    """A new private use (or a backlint attribute that clobbers a pygls one) goes into the adapter."""
    found = []
    for path in sorted((ROOT / "lsp").rglob("*.py")):
        if path.resolve() != ADAPTER:
            found += _where(path, _uses(path, _pygls_private_names()))
    assert not found, (
        "pygls private members named in backlint/lsp: use them through pygls_private.py and declare them "
        "in its RELIED_ON (or rename a backlint member that takes a pygls name):\n" + "\n".join(found)
    )


def test_the_adapter_declares_exactly_what_it_uses():
    used = {name for _, name in _uses(ADAPTER, _pygls_private_names(), strings=False)}  # not RELIED_ON's
    declared = {member.name for member in RELIED_ON}
    assert used - declared == set(), "used in pygls_private.py but not declared in RELIED_ON"
    assert declared - used == set(), "declared in RELIED_ON but no longer used: drop it"
