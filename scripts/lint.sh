#!/usr/bin/env bash
# Lint, format check and type check, with the tools the `test` extras install into .venv
# (bash scripts/setup.sh test). Configuration: [tool.ruff] and [tool.mypy] in pyproject.toml.
# Exits non-zero when any of the three finds a problem; all three always run.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
for tool in ruff mypy; do
  if [ ! -x "$bin/$tool" ]; then
    echo "lint: $bin/$tool is missing: run  bash scripts/setup.sh test" >&2
    exit 2
  fi
done

failed=0

echo "lint: ruff check"
if ! "$bin/ruff" check .; then
  failed=1
  echo "lint: to fix what ruff can fix by itself:  .venv/bin/ruff check --fix ." >&2
fi

echo "lint: ruff format --check"
if ! "$bin/ruff" format --check .; then
  failed=1
  echo "lint: to format:  .venv/bin/ruff format ." >&2
fi

echo "lint: mypy"
if ! "$bin/mypy"; then
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "lint: FAILED" >&2
  exit 1
fi
echo "lint: ok"
