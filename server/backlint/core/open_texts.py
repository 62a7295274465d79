"""The text of files open in the editor, as the cross-file lookups should read them.

The language server registers each open document's current text here (didOpen, didChange) and
removes it on didClose; a summary of another file (checks/sql_wrappers.py) is then worked out from
what the user is typing, not from what was last saved. The command line registers nothing and reads
the disk. Values are immutable bytes, replaced whole, so readers on other threads see one version
or the next, never a mix.
"""

from __future__ import annotations

import os

_texts: dict[str, bytes] = {}


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def set_text(path: str, data: bytes) -> None:
    _texts[_key(path)] = data


def discard(path: str) -> None:
    _texts.pop(_key(path), None)


def get(path: str) -> bytes | None:
    return _texts.get(_key(path)) if _texts else None
