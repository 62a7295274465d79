"""The one harness for tests that drive the real `backlint serve` process.

- `server`: how every test starts it (command, strict environment, how long to wait for it).
- `client`: a pytest-lsp client as VS Code or Neovim would be, recording what the server pushes.
- `wire`: raw stdio JSON-RPC, for what a well-behaved client library never sends.

The fixtures that start servers are in the root conftest.py.
"""
