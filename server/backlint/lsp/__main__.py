"""`python -m backlint.lsp`: the language server over stdio (same as `backlint serve`)."""

from .server import serve

serve()
