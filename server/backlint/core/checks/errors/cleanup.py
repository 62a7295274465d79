"""Cleanup whose failure is not worth reporting: shutting something down (`Dispose`, `close`,
`__exit__`), and removing a temporary or cache file, where the file left behind is the whole cost."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from .common import non_comment_children

_TEARDOWN = re.compile(
    r"^_*(?:dispose|close|stop|shutdown|teardown|tear_down|destroy|__destruct|__del__|__exit__|__aexit__|finali[sz]e"
    r"|cleanup|clean_up|disconnect|release|unsubscribe)(?:_?async|_?quietly)?$",
    re.I,
)


# Removing a file or folder (`os.remove(tmp)`, `fs.unlinkSync(p)`, `path.unlink()`, C#'s
# `File.Delete(tmp)` / `_fileSystem.DeleteFile(p)`): a temporary or cache file left behind is the whole
# cost of failing.
_FILE_REMOVAL = re.compile(
    r"^(?:await\s+)?(?:os\.(?:remove|unlink|rmdir)|shutil\.rmtree|(?:fs\.(?:promises\.)?|fsp\.|fse\.)?"
    r"(?:unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|remove|removeSync)|rimraf(?:\.sync)?|[\w.]+\.unlink"
    r"|(?:[\w.?\[\]()]+?\.)?(?:(?:File|Directory)\.Delete|Delete(?:File|Directory)(?:Async)?))\s*\("
)


def removes_a_file(statement: str) -> bool:
    return _FILE_REMOVAL.match(statement.strip()) is not None


def only_removes_a_file(attempt: tree_sitter.Node | None) -> bool:
    """The `try` holds one statement, which removes a file or folder."""
    statements = non_comment_children(attempt) if attempt is not None else []
    return len(statements) == 1 and removes_a_file(node_bytes(statements[0]).decode("utf-8", "replace"))


def is_teardown(name: str) -> bool:
    """`Dispose`, `close`, `StopAsync`, `__exit__`: shutting down, where a failure is not worth a crash."""
    return _TEARDOWN.match(name) is not None
