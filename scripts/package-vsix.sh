#!/usr/bin/env bash
# Builds platform-specific VS Code extensions that carry the backlint server and every Python
# package it imports, so a user installs only the .vsix (and has a Python 3.11+ of their own):
#
#   editors/vscode/backlint-<target>.vsix   with   extension/bundled/libs/   (put on PYTHONPATH)
#                                                  extension/bundled/bundle.json
#
# Usage: scripts/package-vsix.sh [--target TARGET]... [--out DIR] [--offline | --download-only]
#                                [--wheelhouse DIR] [--keep-bundled]
#   --target        linux-x64, linux-arm64, darwin-arm64 or win32-x64; repeat for several
#                   (default: this machine's platform)
#   --out DIR       where the .vsix files go (default: editors/vscode)
#   --download-only fetch the wheels a target needs into the wheelhouse and stop
#                   (scripts/install-editors.sh does this, so the tests can then run --offline)
#   --offline       install only from wheels already in the wheelhouse; no package index
#   --wheelhouse    where fetched wheels are kept, one folder per target
#                   (default: $BACKLINT_TOOLS_DIR/vsix-wheels, else ~/.cache/backlint-tools/vsix-wheels)
#   --keep-bundled  leave editors/vscode/bundled/ (the last target's) in place afterwards, to run the
#                   extension from the checkout with it; by default it is removed, so that a
#                   development run of the extension finds the server the way it did before
#
# `npm run package` in editors/vscode still builds the universal backlint.vsix without bundled libs
# (for users who install backlint with pip themselves).
#
# What goes into bundled/libs, and why:
#   - backlint's own wheel, built from this checkout.
#   - Its dependencies as binary wheels for the target (`pip install --target --platform ...`
#     with --only-binary=:all:, so nothing is compiled for the wrong machine). Most are pure
#     Python (pygls, lsprotocol, attrs, cattrs, pathspec, platformdirs, anthropic, httpx, ...);
#     the tree-sitter grammar wheels are abi3 (one binary for every Python 3).
#   - tree-sitter itself, pydantic-core and jiter ship a binary per Python version (cpXY tags,
#     not abi3). Those modules are named by version (_binding.cpython-312-x86_64-linux-gnu.so,
#     _pydantic_core.cp313-win_amd64.pyd), so one folder can hold the binaries for several Python
#     versions side by side and each interpreter imports its own. The bundle carries them for
#     every version in PYTHON_VERSIONS below and bundle.json lists those versions: the extension
#     uses only an interpreter the bundle has binaries for.
#   - anthropic is bundled too, although the server imports it only when a model key is set: a
#     user who sets ANTHROPIC_API_KEY (or points backlint.llm at a local OpenAI-compatible model,
#     whose client uses the HTTP library anthropic brings) expects "Explain / Fix with backend
#     expert" to work from the one .vsix, not a failure that asks for a pip install. It costs the
#     per-version pydantic-core and jiter binaries, a few MB in the compressed .vsix.
#   - Dependencies are resolved with the oldest supported Python, whose environment markers are the
#     widest (backports such as typing_extensions are only ever needed by older versions).
#     Markers on the platform are evaluated for the machine that packages; none of backlint's
#     dependencies has one today (anything new of that kind shows up as an import error in the
#     target's editor test).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extension_dir="$repo_root/editors/vscode"
bundled_dir="$extension_dir/bundled"
tools_dir="${BACKLINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backlint-tools}"
venv="${BACKLINT_VENV:-$repo_root/.venv}"
# Python versions the bundle carries binaries for: the first is the oldest backlint supports
# (checked against the wheel's Requires-Python below); the last is the newest with wheels of
# tree-sitter, pydantic-core and jiter on PyPI.
PYTHON_VERSIONS=(3.11 3.12 3.13 3.14)
# Dependencies that publish no wheel for a target (and no source to build one from): that target's
# bundle goes without them, says so in bundle.json ("without"), and the extension says so in its
# output. tree-sitter-dockerfile 0.2.0 has wheels for Linux x86_64 and macOS arm64 only, so on
# Linux arm64 and Windows backlint reads no Dockerfile (every other language and format works).
unavailable() {
  case "$1" in
    linux-arm64|win32-x64) echo "tree-sitter-dockerfile" ;;
  esac
}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "package-vsix: $*" >&2; exit 2; }
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

targets=()
out_dir="$extension_dir"
mode=online
wheelhouse_root="$tools_dir/vsix-wheels"
keep_bundled=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --target) [ "$#" -ge 2 ] || die "--target needs a value"; targets+=("$2"); shift 2 ;;
    --target=*) targets+=("${1#*=}"); shift ;;
    --out) [ "$#" -ge 2 ] || die "--out needs a value"; out_dir="$2"; shift 2 ;;
    --wheelhouse) [ "$#" -ge 2 ] || die "--wheelhouse needs a value"; wheelhouse_root="$2"; shift 2 ;;
    --offline) mode=offline; shift ;;
    --download-only) mode=download; shift ;;
    --keep-bundled) keep_bundled=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

if [ "${#targets[@]}" -eq 0 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) targets=(linux-x64) ;;
    Linux-aarch64|Linux-arm64) targets=(linux-arm64) ;;
    Darwin-arm64) targets=(darwin-arm64) ;;
    MINGW*-x86_64|MSYS*-x86_64|CYGWIN*-x86_64) targets=(win32-x64) ;;
    *) die "no bundle for this platform ($(uname -s) $(uname -m)): name one with --target" ;;
  esac
fi

# pip's platform tags for each VS Code target. Linux: VS Code itself needs glibc 2.28, so wheels
# for manylinux_2_28 and older all run where the extension does. macOS: VS Code needs macOS 11;
# pip widens macosx_11_0_arm64 to every older tag (and universal2).
platform_args() {
  local arch
  case "$1" in
    linux-x64|linux-arm64)
      [ "$1" = linux-x64 ] && arch=x86_64 || arch=aarch64
      echo "--platform manylinux_2_28_$arch --platform manylinux_2_17_$arch --platform manylinux2014_$arch"
      ;;
    darwin-arm64) echo "--platform macosx_11_0_arm64" ;;
    win32-x64) echo "--platform win_amd64" ;;
    *) die "unknown target $1 (linux-x64, linux-arm64, darwin-arm64, win32-x64)" ;;
  esac
}
for target in "${targets[@]}"; do platform_args "$target" >/dev/null; done

# The Python that builds the wheel and runs pip: the project's .venv (which has hatchling, from the
# test extras, so the wheel builds without the network), else python3.
python="$venv/bin/python"
[ -x "$python" ] || python="$(command -v python3 || true)"
[ -n "$python" ] || die "no Python to run pip with: run  bash scripts/setup.sh test"
pip=("$python" -m pip --disable-pip-version-check)

work="$(mktemp -d)"
cleanup() {
  rm -rf "$work"
  if [ "$keep_bundled" != 1 ]; then rm -rf "$bundled_dir"; fi
}
trap cleanup EXIT

step "backlint wheel"
build_isolation=--no-build-isolation
"$python" -c 'import hatchling' 2>/dev/null || build_isolation=--use-pep517
if [ "$mode" = offline ] && [ "$build_isolation" != --no-build-isolation ]; then
  die "--offline needs hatchling in $python to build the wheel: run  bash scripts/setup.sh test"
fi
"${pip[@]}" wheel --quiet --no-deps "$build_isolation" --wheel-dir "$work/wheel" "$repo_root"
wheel="$(ls "$work"/wheel/backlint-*.whl)"
echo "$(basename "$wheel")"
requires_python="$("$python" - "$wheel" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    for line in wheel.read(name).decode().splitlines():
        if line.startswith("Requires-Python:"):
            print(line.split(":", 1)[1].strip())
EOF
)"
[ "$requires_python" = ">=${PYTHON_VERSIONS[0]}" ] ||
  die "the wheel requires Python '$requires_python' but PYTHON_VERSIONS starts at ${PYTHON_VERSIONS[0]}: update the script"

# pip's interpreter options for one Python version: its own ABI (cp311), the stable ABI, and pure.
python_args() {
  local nodot="${1/./}"
  echo "--implementation cp --python-version $1 --abi cp$nodot --abi abi3 --abi none"
}

# Installs into $2 (a --target folder) for target $1 and Python $3 the requirements that follow.
# Online, the wheels are fetched into the target's wheelhouse first; the install itself always
# reads the wheelhouse only, so an online and an offline build are made of the same files.
install_for() {
  local target="$1" dest="$2" version="$3"
  shift 3
  local wheelhouse="$wheelhouse_root/$target"
  # shellcheck disable=SC2046  # the option strings are meant to split into words
  local tags=(--only-binary=:all: $(platform_args "$target") $(python_args "$version"))
  mkdir -p "$wheelhouse"
  if [ "$mode" != offline ]; then
    "${pip[@]}" download --quiet --dest "$wheelhouse" "${tags[@]}" "$@"
    rm -f "$wheelhouse"/backlint-*.whl   # the checkout's wheel is rebuilt every time
  fi
  "${pip[@]}" install --quiet --no-index --find-links "$wheelhouse" --target "$dest" --no-compile \
    "${tags[@]}" "$@" ||
    die "installing $* for $target, Python $version from $wheelhouse failed$([ "$mode" = offline ] &&
      echo " (offline: fetch the wheels with  scripts/package-vsix.sh --download-only --target $target)")"
}

# The wheel's own requirements (not those of its extras), one per line.
wheel_requirements() {
  "$python" - "$1" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    for line in wheel.read(name).decode().splitlines():
        if line.startswith("Requires-Dist:") and "extra ==" not in line:
            print(line.split(":", 1)[1].strip())
EOF
}

# Distributions in a --target folder whose wheel is tagged for one CPython version (not abi3),
# as name==version lines.
version_specific() {
  "$python" - "$1" "$2" <<'EOF'
import pathlib, sys
folder, abi = pathlib.Path(sys.argv[1]), "cp" + sys.argv[2].replace(".", "")
for info in sorted(folder.glob("*.dist-info")):
    tags = [line.split(":", 1)[1].strip() for line in (info / "WHEEL").read_text().splitlines() if line.startswith("Tag:")]
    if any(tag.split("-")[1] == abi for tag in tags):
        meta = dict(line.split(": ", 1) for line in (info / "METADATA").read_text().splitlines() if ": " in line and not line.startswith(" "))
        print(f"{meta['Name']}=={meta['Version']}")
EOF
}

# Copies the extension modules built for Python $3 from $1 into the same places under $2.
merge_binaries() {
  local from="$1" into="$2" nodot="cp${3/./}"
  local copied=0 file relative
  while IFS= read -r -d '' file; do
    relative="${file#"$from"/}"
    mkdir -p "$into/$(dirname "$relative")"
    cp "$file" "$into/$relative"
    copied=$((copied + 1))
  done < <(find "$from" -type f \( -name "*.cpython-${nodot#cp}-*" -o -name "*.${nodot}-*.pyd" \) -print0)
  [ "$copied" -gt 0 ] || die "no Python $3 extension modules in $from"
  echo "  Python $3: $copied extension modules"
}

if [ "$mode" != download ]; then
  step "extension bundle (esbuild)"
  (cd "$extension_dir" && npm run --silent typecheck && npm run --silent build)
fi

mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
for target in "${targets[@]}"; do
  step "$target: Python packages ($mode)"
  oldest="${PYTHON_VERSIONS[0]}"
  if [ "$mode" = download ]; then
    # Resolve once into a scratch folder, to learn which packages are per Python version.
    libs="$work/$target-libs"
  else
    rm -rf "$bundled_dir"
    libs="$bundled_dir/libs"
  fi
  without="$(unavailable "$target")"
  if [ -z "$without" ]; then
    install_for "$target" "$libs" "$oldest" "$wheel"
  else
    echo "  WARNING: no $without wheel for $target: this bundle goes without it" >&2
    # shellcheck disable=SC2086  # $without is a list of names
    requirements=()
    while IFS= read -r line; do requirements+=("$line"); done < <(
      wheel_requirements "$wheel" | grep -v -i -E "^($(echo $without | tr ' ' '|'))([^a-z0-9_.-]|$)")
    install_for "$target" "$libs" "$oldest" "${requirements[@]}"
    rm -rf "$libs/bin"   # (see below; pip would warn that the next install's bin/ exists)
    install_for "$target" "$libs" "$oldest" --no-deps "$wheel"
  fi
  per_version=()
  while IFS= read -r line; do per_version+=("$line"); done < <(version_specific "$libs" "$oldest")
  echo "  per Python version: ${per_version[*]:-none}"
  for version in "${PYTHON_VERSIONS[@]:1}"; do
    [ "${#per_version[@]}" -gt 0 ] || break
    install_for "$target" "$work/$target-$version" "$version" --no-deps "${per_version[@]}"
    [ "$mode" = download ] || merge_binaries "$work/$target-$version" "$libs" "$version"
  done
  if [ "$mode" = download ]; then
    echo "  wheels in $wheelhouse_root/$target"
    continue
  fi
  # Console scripts carry this machine's interpreter path; the extension runs `python -m backlint`.
  rm -rf "$libs/bin"
  "$python" - "$bundled_dir/bundle.json" "$target" "$(basename "$wheel")" "$without" "${PYTHON_VERSIONS[@]}" <<'EOF'
import json, sys
path, target, wheel, without, *versions = sys.argv[1:]
bundle = {"target": target, "backlint": wheel.split("-")[1], "python": versions, "without": without.split()}
open(path, "w").write(json.dumps(bundle, indent=2) + "\n")
EOF

  if find "$bundled_dir" -name '.env*' | grep -q .; then
    die "a .env file in the bundle: $(find "$bundled_dir" -name '.env*' | head -n 3)"
  fi

  step "$target: vsce package"
  # The bundled ignore file is .vscodeignore plus bundled/ (the plain one keeps it out).
  { cat "$extension_dir/.vscodeignore"; echo '!bundled/**'; } >"$work/vscodeignore"
  vsix="$out_dir/backlint-$target.vsix"
  rm -f "$vsix"
  # vsce's secret scan is left to the universal package (`npm run package`), which holds the same
  # extension files: here it would read the ~4,600 files of the bundle for minutes and stop at
  # backlint's own rule records and docs, whose fake provider tokens show what BL301 finds. The
  # .env check it would make as well is the `find` above.
  (cd "$extension_dir" && npx --no vsce package --no-dependencies --allow-missing-repository \
    --allow-package-all-secrets --allow-package-env-file \
    --target "$target" --ignoreFile "$work/vscodeignore" --out "$vsix")
  echo "$vsix: $(du -h "$vsix" | cut -f1)"
done
step "done"
