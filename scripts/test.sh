#!/usr/bin/env bash
# Installs everything the tests need (Python test extras, Neovim, code-server and Chromium for the
# editor suites), runs the linters (scripts/lint.sh: a lint, format or type problem fails the run)
# and then the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/lint.sh
if [ -f scripts/install-editors.sh ]; then
  bash scripts/install-editors.sh
fi
export BACKLINT_STRICT=1
exec .venv/bin/python -m pytest "$@"
