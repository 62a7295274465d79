"""How every test starts `backlint serve`: the command, the environment and the wait timeout."""

from __future__ import annotations

import os
import sys

SERVER_COMMAND = [sys.executable, "-m", "backlint", "serve"]
# How long a test waits for a message before it fails (a hung server fails the test, not the run).
WAIT_SECONDS = 20.0


def server_env(**extra: str) -> dict[str, str]:
    """The test process's environment in strict mode, with nothing of the developer's own settings.

    Strict mode: an exception a handler's fence would swallow is reported loudly instead. No API key
    or base URL: the expert stays offline unless a test points it at a fake API. No BACKLINT_*
    variable: a log level, cache folder or docs address set in the shell would change what is tested.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "OPENAI_", "BACKLINT_"))}
    env["BACKLINT_STRICT"] = "1"
    env.update(extra)
    return env
