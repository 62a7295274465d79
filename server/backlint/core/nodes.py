"""A syntax node's source bytes, typed.

py-tree-sitter types `Node.text` as `bytes | None`: it is None only for a tree parsed through a read
callback. backlint parses every tree from bytes it holds (`engine.parse`), so the text is always there;
`node_bytes` says so once instead of a None check at every use.
"""

from __future__ import annotations

import tree_sitter


def node_bytes(node: tree_sitter.Node) -> bytes:
    text = node.text
    if text is None:
        raise ValueError(f"a {node.type} node without its source: the tree was not parsed from bytes")
    return text
