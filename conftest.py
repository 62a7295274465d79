"""Fixtures that start the real `backlint serve` process (the harness is tests/support/lsp).

As an editor would (pytest-lsp, profiles VS Code and Neovim): starting a server costs about a second,
so each test module shares one server per client profile (`client`, documents at fresh paths per
test, `workspace`) and starts its own only when a test changes server state (`launch`). Both check at
shutdown that the server swallowed no exception (strict mode). Every module using them runs in one
event loop per module: `pytestmark = pytest.mark.asyncio(loop_scope="module")`, and the fixtures
below use the same loop scope (a mismatch hangs, silently).

Over raw JSON-RPC, for what no client library sends: `start_wire` for plain tests, `raw` for asyncio
tests. Either process is killed after the test.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.lsp.client import PROFILES, start_client, stop_clients
from tests.support.lsp.server import server_env
from tests.support.lsp.wire import AsyncWire, Wire, null_answer

_counter = itertools.count()


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=sorted(PROFILES))
async def client(request, tmp_path_factory):
    shared = await start_client(tmp_path_factory.mktemp(f"shared-{request.param}"), request.param)
    yield shared
    await stop_clients([shared])


@pytest.fixture
def workspace(client) -> Path:
    """A fresh folder inside the shared server's workspace, so tests never see each other's files."""
    folder = client.root / f"t{next(_counter)}"
    folder.mkdir()
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return root


@pytest_asyncio.fixture(loop_scope="module")
async def launch(project: Path):
    """Start a server of its own (any profile, settings and environment; root: `project` unless given)."""
    clients = []

    async def _launch(profile: str, **options):
        client = await start_client(options.pop("root", project), profile, **options)
        clients.append(client)
        return client

    yield _launch
    await stop_clients(clients)


@pytest.fixture
def start_wire():
    """Start a `Wire`: `start_wire(command=None, env=None, cwd=None, answer=default_answer)`."""
    wires: list[Wire] = []

    def _start(*args, **kwargs) -> Wire:
        wire = Wire(*args, **kwargs)
        wires.append(wire)
        return wire

    yield _start
    for wire in wires:
        wire.kill()


@pytest.fixture
def raw(start_wire):
    """Start an `AsyncWire` with extra environment; it answers configuration requests with null."""

    def _start(**env: str) -> AsyncWire:
        return AsyncWire(start_wire(env=server_env(**env), answer=null_answer))

    return _start
