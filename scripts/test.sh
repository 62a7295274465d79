#!/usr/bin/env bash
# Installs everything the tests need (Python test extras, Neovim, code-server and Chromium for the
# editor suites), runs the linters (scripts/lint.sh: a lint, format or type problem fails the run),
# backlint on its own code, and then the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/lint.sh
# Dogfood: backlint holds its own code to its rules (the planted samples are excluded in pyproject.toml).
.venv/bin/backlint check .
# BACKLINT_SKIP_EDITOR_TESTS=1 opts out of the editor suites (tests/editors/tools.py), so of their installs too.
if [ -f scripts/install-editors.sh ] && [ "${BACKLINT_SKIP_EDITOR_TESTS:-}" != "1" ]; then
  bash scripts/install-editors.sh
fi
export BACKLINT_STRICT=1
exec .venv/bin/python -m pytest "$@"
