"""`python -m backlint.lsp`: the language server over stdio (same as `backlint serve`)."""

from .quickstart import serve_stdio

serve_stdio()
