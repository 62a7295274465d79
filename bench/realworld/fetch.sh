#!/usr/bin/env bash
# Fetch the real-code benchmark set listed in manifest.toml into DIR (one folder per project).
# Usage: bash bench/realworld/fetch.sh DIR
# Needs git, python3 (3.11+, for tomllib) and access to github.com. Tests never run this:
# the trees are third-party code and must stay outside the repository.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 DIR   (the trees go to DIR/<name>; keep DIR outside this checkout)" >&2
    exit 2
fi
dest=$1
manifest="$(cd "$(dirname "$0")" && pwd)/manifest.toml"
mkdir -p "$dest"
tmp=""
trap 'rm -rf "$tmp"' EXIT   # a failed fetch (set -e stops the run) leaves no scratch clone behind

# One "name repo commit" line per project; tomllib keeps the manifest the single source of truth.
python3 - "$manifest" <<'PY' |
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    for p in tomllib.load(f)["project"]:
        print(p["name"], p["repo"], p["commit"])
PY
while read -r name repo commit; do
    if [[ -e "$dest/$name" ]]; then
        echo "have  $name"
        continue
    fi
    echo "fetch $name  ($repo @ ${commit:0:12})"
    tmp=$(mktemp -d)
    # Fetch only the pinned commit (GitHub serves a commit by id), not the history.
    git -C "$tmp" init -q
    git -C "$tmp" fetch -q --depth 1 "https://github.com/$repo" "$commit"
    # Export the tree without .git, as the benchmark scans plain files; build it next to the
    # target and rename it in one step, so an interrupted run never leaves a half tree that
    # the next run would take as present.
    rm -rf "$dest/.$name.partial"
    mkdir "$dest/.$name.partial"
    git -C "$tmp" archive FETCH_HEAD | tar -x -C "$dest/.$name.partial"
    mv "$dest/.$name.partial" "$dest/$name"
    rm -rf "$tmp"; tmp=""
done
