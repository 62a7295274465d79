"""End-to-end fixtures: the real `backlint serve` process, driven as VS Code and as Neovim.

Starting a server costs about a second, so each test module shares one server per client profile
(`client`, documents at fresh paths per test) and starts its own only when a test changes server
state (`launch`). Every e2e module runs in one event loop per module:
`pytestmark = pytest.mark.asyncio(loop_scope="module")` (fixtures below use the same loop scope).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import pytest_asyncio

from .lsp_client import PROFILES, start_client, strict_failures
from .raw_server import RawServer

_counter = itertools.count()


async def _stop(clients) -> list[str]:
    failures = []
    for client in clients:
        failures.extend(strict_failures(client))
        try:
            await client.shutdown_session()
        finally:
            await client.stop()
    return failures


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=sorted(PROFILES))
async def client(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"shared-{request.param}")
    shared = await start_client(root, request.param)
    shared.root = root
    yield shared
    failures = await _stop([shared])
    assert not failures, f"the server swallowed exceptions: {failures}"


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
    """Start a server of its own (any profile and settings); shut down and checked for swallowed errors."""
    clients = []

    async def _launch(profile: str, **options):
        client = await start_client(options.pop("root", project), profile, **options)
        clients.append(client)
        return client

    yield _launch
    failures = await _stop(clients)
    assert not failures, f"the server swallowed exceptions: {failures}"


@pytest_asyncio.fixture(loop_scope="module")
async def raw():
    """Starts `backlint serve` processes spoken to byte by byte (RawServer), with extra environment."""
    servers = []

    async def _start(**env):
        server = await RawServer.start(env)
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.kill()
        await server.process.wait()
