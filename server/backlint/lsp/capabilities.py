"""What the server advertises, named once.

The feature modules register these, and quickstart answers `initialize` with them before those
modules (and lsprotocol) have loaded, so this module imports nothing.
"""

SERVER_NAME = "backlint"

COMMAND_SCAN_WORKSPACE = "backlint.scanWorkspace"
COMMAND_EXPLAIN = "backlint.explain"
COMMAND_FIX = "backlint.fix"
COMMAND_SHOW_PAYLOAD = "backlint.showPayload"
# In the order the feature modules register them (the InitializeResult lists them so).
COMMANDS = (COMMAND_SCAN_WORKSPACE, COMMAND_EXPLAIN, COMMAND_FIX, COMMAND_SHOW_PAYLOAD)

FIX_ALL_KIND = "source.fixAll.backlint"
# quickfix, our fix-all, refactor and "" (the empty kind, for the expert's explain action).
CODE_ACTION_KINDS = ("quickfix", FIX_ALL_KIND, "refactor", "")

PULL_DIAGNOSTICS_IDENTIFIER = "backlint"
