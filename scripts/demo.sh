#!/usr/bin/env bash
# Installs backlint into .venv and checks the bundled example services. Exit code 1 means
# findings (the examples have planted smells), as in CI.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
.venv/bin/backlint check examples/ "$@"
