"""What every start of the language server does, over stdio (quickstart) or TCP (server): logging, and
the version it reports. Standard library only: quickstart imports this before anything heavy.
"""

from __future__ import annotations

import logging
import os
import re
import sys


def configure_logging() -> None:
    level_name = os.environ.get("BACKLINT_LOG_LEVEL", "WARNING").upper()
    level = getattr(logging, level_name, logging.WARNING)
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # pygls logs whole messages (document text included) at INFO and DEBUG: only at the user's request.
    logging.getLogger("pygls").setLevel(level if level < logging.INFO else max(level, logging.WARNING))


_DIST_INFO = re.compile(r"backlint[-.].*\.(dist|egg)-info", re.IGNORECASE)


def package_version() -> str:
    """The installed version, as importlib.metadata.version("backlint") gives it.

    Importing importlib.metadata costs ~50 ms, a good part of the time to answer initialize, so the
    usual case (one backlint dist-info folder in the first sys.path entry that has any) is read
    directly, the way importlib.metadata finds it; anything else is left to importlib.metadata.
    """
    for entry in sys.path:
        folder = entry or "."
        try:
            names = [name for name in os.listdir(folder) if _DIST_INFO.fullmatch(name)]
        except OSError:
            continue
        if not names:
            continue
        if len(names) == 1 and names[0].lower().endswith(".dist-info"):
            version = _metadata_version(os.path.join(folder, names[0], "METADATA"))
            if version is not None:
                return version
        break
    return _importlib_version()


def _metadata_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as metadata:
            for line in metadata:
                if not line.strip():
                    return None  # the headers ended without a version
                if line.startswith("Version:"):
                    return line[len("Version:") :].strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _importlib_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("backlint")
    except metadata.PackageNotFoundError:
        return "0+unknown"
