"""Start-up, settings and shutdown: initialize, initialized, configuration changes, exit."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ..core import project, roles, rules
from ..core.checks import compose_services
from ..core.config import ConfigError
from . import workspace_index
from .client import ClientFeatures
from .documents import uri_to_path
from .pygls_private import shutdown_requested
from .settings import SECTION, ServerSettings, config_file_names, load_file_settings, parse_client_settings

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)

WATCHER_ID = "backlint-config-files"
CONFIGURATION_ID = "backlint-configuration"
DEFAULT_BASELINE_NAME = ".backlint-baseline.json"  # the name the README uses


def _workspace_root(params: types.InitializeParams) -> Path | None:
    candidates = [f.uri for f in params.workspace_folders or []]
    if params.root_uri:
        candidates.append(params.root_uri)
    for uri in candidates:
        path = uri_to_path(uri)
        if path:
            return Path(path)
    if params.root_path:
        return Path(params.root_path)
    return None


def known_rules() -> set[str] | None:
    """Rule ids and names, to reject `select = ["BL999"]`; None if the catalog cannot be read."""
    try:
        return rules.known_rule_keys()
    except Exception:
        log.exception("reading the rule catalog failed")
        return None


class SettingsLoader:
    """Layers the settings and keeps the last good ones when a layer is bad."""

    def __init__(self, server: BacklintServer):
        self.server = server
        self.initialization_options: Any = None
        self.pushed: Any = None  # settings sent in didChangeConfiguration (clients without configuration)

    async def load(self) -> bool:
        """Rebuild the settings from every layer; on a bad value show it and keep the old ones."""
        server = self.server
        known = known_rules()
        try:
            settings = ServerSettings(core=load_file_settings(server.workspace_root, known))
            settings = parse_client_settings(
                _section(self.initialization_options), origin="initializationOptions", base=settings, known_rules=known
            )
            if server.client.configuration:
                scope = server.workspace_root.as_uri() if server.workspace_root else None
                try:
                    answer = await server.workspace_configuration_async(
                        types.ConfigurationParams(items=[types.ConfigurationItem(scope_uri=scope, section=SECTION)])
                    )
                except JsonRpcException as error:  # the client could not answer: as if it had no settings
                    log.warning("the client answered workspace/configuration with an error: %s", error)
                    answer = None
                raw = answer[0] if isinstance(answer, (list, tuple)) and answer else None
                settings = parse_client_settings(_plain(raw), origin="settings", base=settings, known_rules=known)
            elif self.pushed is not None:
                settings = parse_client_settings(self.pushed, origin="settings", base=settings, known_rules=known)
        except ConfigError as error:
            log.warning("settings not applied: %s", error)
            server.show_warning(f"backlint: {error}. Keeping the previous settings.")
            return False
        server.settings = settings
        return True


def _plain(value: Any) -> Any:
    """Configuration answers arrive as plain JSON, but pygls may hand over namedtuples for objects."""
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _section(options: Any) -> Any:
    """initializationOptions may carry the settings object itself or {"backlint": {...}}."""
    options = _plain(options)
    if isinstance(options, dict) and isinstance(options.get(SECTION), dict):
        return options[SECTION]
    return options


def register(server: BacklintServer) -> None:
    loader = SettingsLoader(server)
    server.settings_loader = loader

    @server.feature(types.INITIALIZE)
    @server.fence("initialize")
    def initialize(params: types.InitializeParams) -> None:
        server.client = ClientFeatures.from_capabilities(params.capabilities)
        server.store.encoding = server.choose_encoding(params.capabilities)
        server.workspace_root = _workspace_root(params)
        loader.initialization_options = params.initialization_options
        server.analyzer.start()
        if server.client.pull_diagnostics:
            from .sync import register_pull

            register_pull(server)
        log.info("client features: %s; encoding %s", server.client, server.store.encoding)

    @server.feature(types.INITIALIZED)
    @server.fence("initialized")
    async def initialized(params: types.InitializedParams) -> None:
        try:
            await loader.load()
        finally:
            server.analyzer.ready_event().set()
        await _register_watchers(server)
        server.index_task = asyncio.ensure_future(_index(server))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @server.fence("configuration")
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        settings = _plain(params.settings)
        if isinstance(settings, dict) and SECTION in settings:
            loader.pushed = settings[SECTION]
        await _reload(server, loader)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @server.fence("file watching")
    async def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        names = set(config_file_names())
        changed = [Path(uri_to_path(change.uri) or change.uri) for change in params.changes]
        if any(path.name in names for path in changed):
            await _reload(server, loader)
        elif any(path.name == Path(server.settings.core.baseline).name for path in changed):
            server.analyzer.reanalyse_all()  # a baseline written again: show what it hides now
        else:
            # A file others read changed outside the editor: ask the cross-file questions afresh
            # (a package.json now naming React, another module setting axios' default timeout).
            roles.clear_caches()
            project.clear_caches()
            compose_services.clear_caches()
            server.analyzer.recheck_dependents()

    @server.feature(types.SHUTDOWN)
    def shutdown(params: Any = None) -> None:
        if server.index_task is not None:
            server.index_task.cancel()
        server.analyzer.shutdown()

    @server.feature(types.EXIT)
    def exit_(params: Any = None) -> None:
        # pygls would wait for its stdin reader thread; leave now with the code LSP asks for.
        code = 0 if shutdown_requested(server.protocol) else 1
        try:
            server.analyzer.shutdown()
            sys.stdout.flush()
        finally:  # `exit` always ends the process, whatever failed on the way
            logging.shutdown()
            os._exit(code)


async def _index(server: BacklintServer) -> None:
    try:
        await workspace_index.build(server)
    except asyncio.CancelledError:
        raise
    except Exception as error:  # the analyses summarise what they need on their own
        server.fail("workspace index", error)


async def _reload(server: BacklintServer, loader: SettingsLoader) -> None:
    """Reload the settings; analysis and pulls wait meanwhile so nobody sees the old ones after a change."""
    ready = server.analyzer.ready_event()
    ready.clear()
    try:
        if await loader.load():
            server.analyzer.reanalyse_all()
    finally:
        ready.set()


IMPORTED_CODE_GLOB = "**/*.{py,js,jsx,mjs,cjs,ts,tsx}"
PACKAGE_MANIFEST_GLOB = "**/{package.json,Cargo.toml,*compose*.yml,*compose*.yaml}"


async def _register_watchers(server: BacklintServer) -> None:
    registrations = []
    if server.client.watch_files_dynamic:
        # The baseline's name: the one the README suggests, and the configured one when known.
        baselines = {DEFAULT_BASELINE_NAME, Path(server.settings.core.baseline).name or DEFAULT_BASELINE_NAME}
        watchers = [
            types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in (*config_file_names(), *sorted(baselines))
        ]
        # Code other files import from (SQL helpers): a change on disk re-checks the open callers.
        watchers.append(types.FileSystemWatcher(glob_pattern=IMPORTED_CODE_GLOB))
        # Package manifests decide whether a file is browser code or a command-line program; compose
        # files which hosts are local containers.
        watchers.append(types.FileSystemWatcher(glob_pattern=PACKAGE_MANIFEST_GLOB))
        registrations.append(
            types.Registration(
                id=WATCHER_ID,
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
        )
    if server.client.configuration_dynamic:
        registrations.append(
            types.Registration(
                id=CONFIGURATION_ID,
                method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
            )
        )
    if registrations:
        try:
            await server.client_register_capability_async(types.RegistrationParams(registrations=registrations))
        except Exception as error:  # the client refusing is not our failure
            log.warning("the client did not accept the watcher registration: %s", error)
