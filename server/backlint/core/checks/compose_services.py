"""The services a Docker Compose file starts. A connection string whose host is one of them reaches a
container of the same local set-up (`postgres://postgres:unleash@db/db` beside a `db:` service, or an
`appsettings.Docker.json` pointing at the `sqlserver` service of the repository's compose file): its
password is the one that file gives its throwaway container, not a credential of a deployed system.
Compose files named for production are left out: what they start is what production runs."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePath

from .. import facts
from .base import FileContext

COMPOSE_FILE = re.compile(r"(?i)^(?:docker-)?compose(?:[\w.-]*)\.ya?ml$")
PRODUCTION = re.compile(r"(?i)(?:^|[/\\._-])prod(?:uction)?(?:[/\\._-]|$)")
# How far up from a settings file the compose file that starts its services may sit (src/Web/ -> root).
_LEVELS_UP = 4
_SERVICES = re.compile(r"(?m)^services:[ \t]*(?:#.*)?$")
_TOP_LEVEL = re.compile(r"(?m)^[A-Za-z_][\w-]*:")
_SERVICE = re.compile(r"(?m)^([ \t]+)([A-Za-z0-9_.-]+):[ \t]*(?:#.*)?$")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "host.docker.internal"})


def service_names(text: str) -> set[str]:
    """The keys of the top-level `services:` mapping, at its first indentation."""
    found = _SERVICES.search(text)
    if found is None:
        return set()
    following = _TOP_LEVEL.search(text, found.end())
    block = text[found.end() : following.start() if following else len(text)]
    names: set[str] = set()
    indent = None
    for service in _SERVICE.finditer(block):
        if indent is None:
            indent = service.group(1)
        if service.group(1) == indent:
            names.add(service.group(2).lower())
    return names


@facts.evaluator("compose-services")
@lru_cache(maxsize=256)
def _services_near(folder: str) -> list[str]:
    """Services started by the non-production compose files in `folder` and the folders above it."""
    names: set[str] = set()
    current = Path(folder)
    for _ in range(_LEVELS_UP + 1):
        try:
            candidates = [p for p in current.iterdir() if COMPOSE_FILE.match(p.name) and not PRODUCTION.search(p.name)]
        except OSError:
            candidates = []
        for compose in candidates:
            try:
                names |= service_names(compose.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
        if current.parent == current:
            break
        current = current.parent
    return sorted(names)


def is_compose_file(path: str) -> bool:
    return COMPOSE_FILE.match(PurePath(path).name) is not None


def local_container(file: FileContext, host: str) -> bool:
    """`host` is a service a local (not production) compose file starts: this file's own services
    when it is a compose file, else those of the compose files beside it or above it."""
    if not host or host in _LOCAL_HOSTS or PRODUCTION.search(PurePath(file.path).as_posix()):
        return False
    if is_compose_file(file.path):
        return host in service_names(file.data.decode("utf-8", "replace"))
    folder = str(Path(file.path).resolve().parent)
    return host in facts.consulted("compose-services", folder)


def clear_caches() -> None:
    _services_near.cache_clear()
