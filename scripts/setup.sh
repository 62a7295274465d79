#!/usr/bin/env bash
# Creates .venv (if missing) and installs backlint into it, editable, with the extras named in $1
# (e.g. "test"). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "backlint needs Python 3.11 or newer (found: $("$python" --version 2>&1))" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=${1:-}
spec="."
[ -n "$extras" ] && spec=".[$extras]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
