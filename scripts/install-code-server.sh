#!/usr/bin/env bash
# Install code-server (a VS Code web build, from the npm registry) plus Debian
# Chromium into a cache folder, for end-to-end tests driven by playwright-core.
#
# Works offline except for the npm registry and Debian apt: code-server's own
# npm install script downloads ripgrep (and prebuilt binaries) from GitHub,
# which is unreachable here, so every step of that script is done by hand with
# --ignore-scripts, native modules are built from source with node-gyp against
# the local Node.js headers, and Debian's rg replaces the downloaded ripgrep.
#
# Usage:
#   CODE_SERVER_BIN="$(bash scripts/install-code-server.sh | tail -n 1)"
#
# All progress goes to stderr; stdout carries only the code-server binary path
# (its last line), so `$(...)` and `| tail -n 1` both capture it.
#
# Environment:
#   LOOPGUARD_CACHE         cache root (default: $HOME/.cache/loopguard)
#   CODE_SERVER_VERSION     npm version of code-server (default: 4.100.3)
#   LOOPGUARD_SKIP_APT=1    do not check/install Debian packages
#   LOOPGUARD_FORCE=1       reinstall code-server even if the marker says done
#
# Idempotent: a marker file in the install folder records the version (and the
# Node.js ABI it was built for); when it matches, only the cheap apt check runs.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE_ROOT="${LOOPGUARD_CACHE:-$HOME/.cache/loopguard}"
mkdir -p "$CACHE_ROOT"
CACHE_ROOT="$(cd "$CACHE_ROOT" && pwd -P)"   # absolute, so the printed path is too
PREFIX="$CACHE_ROOT/code-server"
MARKER="$PREFIX/.loopguard-installed"
CS_DIR="$PREFIX/node_modules/code-server"
VSCODE_DIR="$CS_DIR/lib/vscode"
CS_BIN="$PREFIX/node_modules/.bin/code-server"
APT_PACKAGES=(
  build-essential python3 pkg-config
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
  ripgrep chromium
)
NPM_FLAGS=(--no-audit --no-fund --no-progress --loglevel=warn)

START_TS=$(date +%s)
STEP_TS=$START_TS

log() { printf '[install-code-server] %s\n' "$*" >&2; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }
step() {
  local now; now=$(date +%s)
  log "---- $* (t=$((now - START_TS))s, previous step took $((now - STEP_TS))s)"
  STEP_TS=$now
}
set -E
trap 'printf "[install-code-server] FAILED (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

# Run a command with its stdout sent to stderr, so our stdout stays clean.
run() { log "\$ $*"; "$@" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

# ---------------------------------------------------------------------------
# 1. Debian packages (cheap check every run; installs only what is missing).
# ---------------------------------------------------------------------------
install_apt_packages() {
  if [ "${LOOPGUARD_SKIP_APT:-0}" = 1 ]; then
    log "LOOPGUARD_SKIP_APT=1: not checking Debian packages"
    return
  fi
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages already installed: ${APT_PACKAGES[*]}"
    return
  fi
  step "installing Debian packages: ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install manually: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run as_root apt-get update -q || die "apt-get update failed"
  run as_root apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
}

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
check_tools() {
  command -v node >/dev/null 2>&1 || die "node not found (code-server ${CODE_SERVER_VERSION} needs Node.js 20)"
  command -v npm >/dev/null 2>&1 || die "npm not found"
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" != 20 ]; then
    die "code-server ${CODE_SERVER_VERSION} requires Node.js 20, found $(node -v)"
  fi
  if [ "${LOOPGUARD_SKIP_APT:-0}" != 1 ]; then
    command -v rg >/dev/null 2>&1 || die "rg (Debian package ripgrep) not found"
    command -v chromium >/dev/null 2>&1 || die "chromium not found (Debian package chromium)"
  fi
}

# Node.js headers for node-gyp. It would otherwise download them from
# nodejs.org, which is unreachable; Debian/NodeSource-style installs ship them
# under <prefix>/include/node.
setup_nodedir() {
  if [ -n "${npm_config_nodedir:-}" ] && [ -f "${npm_config_nodedir}/include/node/common.gypi" ]; then
    log "using Node.js headers from npm_config_nodedir=$npm_config_nodedir"
    return
  fi
  local cfg node_prefix
  cfg=$(npm config get nodedir 2>/dev/null || true)
  node_prefix=$(dirname "$(dirname "$(node -p 'process.execPath')")")
  local d
  for d in "$cfg" "$node_prefix" /usr /usr/local; do
    if [ -n "$d" ] && [ "$d" != undefined ] && [ "$d" != null ] && [ -f "$d/include/node/common.gypi" ]; then
      export npm_config_nodedir="$d"
      log "using Node.js headers from $d/include/node"
      return
    fi
  done
  log "WARNING: no local Node.js headers found; node-gyp will try to download them (fails offline)"
}

find_node_gyp() {
  local cand
  cand="$(npm root -g 2>/dev/null)/npm/node_modules/node-gyp/bin/node-gyp.js"
  if [ -f "$cand" ]; then NODE_GYP=(node "$cand"); return; fi
  cand="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  if [ -f "$cand" ]; then NODE_GYP=(node "$cand"); return; fi
  NODE_GYP=(npx --yes node-gyp)
}

marker_value() {
  printf 'code-server=%s node-abi=%s\n' "$CODE_SERVER_VERSION" "$(node -p process.versions.modules)"
}

already_installed() {
  [ "${LOOPGUARD_FORCE:-0}" != 1 ] || return 1
  [ -f "$MARKER" ] && [ -x "$CS_BIN" ] || return 1
  [ "$(cat "$MARKER")" = "$(marker_value)" ]
}

# ---------------------------------------------------------------------------
# 2. code-server from npm, done by hand (what its postinstall.sh would do).
# ---------------------------------------------------------------------------
install_code_server() {
  step "installing code-server@${CODE_SERVER_VERSION} into $PREFIX"
  if [ -e "$PREFIX" ]; then
    log "removing incomplete or outdated install at $PREFIX"
    rm -rf "$PREFIX"
  fi
  mkdir -p "$PREFIX"
  # Own package.json so npm never walks up into an enclosing project.
  printf '{\n  "name": "loopguard-code-server",\n  "private": true\n}\n' >"$PREFIX/package.json"
  (cd "$PREFIX" && run npm install "${NPM_FLAGS[@]}" --ignore-scripts "code-server@${CODE_SERVER_VERSION}") \
    || die "npm install code-server@${CODE_SERVER_VERSION} failed"
  [ -d "$VSCODE_DIR" ] || die "unexpected package layout: $VSCODE_DIR missing"

  step "installing VS Code server dependencies (lib/vscode)"
  (cd "$VSCODE_DIR" && run npm install "${NPM_FLAGS[@]}" --omit=dev --ignore-scripts) \
    || die "npm install in $VSCODE_DIR failed"

  step "installing Debian ripgrep as @vscode/ripgrep/bin/rg"
  local rg_src; rg_src=$(command -v rg) || die "rg not found (apt-get install ripgrep)"
  mkdir -p "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin"
  cp -f "$(readlink -f "$rg_src")" "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg"
  chmod +x "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg"

  step "building native modules with node-gyp"
  setup_nodedir
  find_node_gyp
  log "node-gyp: ${NODE_GYP[*]}"
  local gyp dir built=0
  while IFS= read -r gyp; do
    dir=$(dirname "$gyp")
    [ -f "$dir/package.json" ] || continue
    log "node-gyp rebuild in ${dir#"$VSCODE_DIR"/}"
    (cd "$dir" && run "${NODE_GYP[@]}" rebuild --jobs="$(nproc 2>/dev/null || echo 2)") \
      || die "node-gyp rebuild failed in $dir (missing -dev packages? see output above)"
    built=$((built + 1))
  done < <(find "$VSCODE_DIR/node_modules" -name binding.gyp -not -path '*/build/*' | sort)
  [ "$built" -gt 0 ] || die "no native modules found under $VSCODE_DIR/node_modules"
  local m
  for m in @vscode/spdlog node-pty native-watchdog kerberos @parcel/watcher @vscode/deviceid; do
    (cd "$VSCODE_DIR" && node -e 'require(process.argv[1])' "$m") \
      || die "native module $m does not load after the build"
  done
  log "native modules load: spdlog node-pty native-watchdog kerberos @parcel/watcher deviceid"

  step "linking node_modules.asar and bin scripts (lib/vscode)"
  (cd "$VSCODE_DIR" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
  (cd "$VSCODE_DIR/bin/remote-cli" && rm -f code-server && ln -s code-linux.sh code-server)
  (cd "$VSCODE_DIR/bin/helpers" && rm -f browser.sh && ln -s browser-linux.sh browser.sh)

  step "installing built-in extensions' shared dependencies (lib/vscode/extensions)"
  (cd "$VSCODE_DIR/extensions" && run npm install "${NPM_FLAGS[@]}" --omit=dev --ignore-scripts) \
    || die "npm install in $VSCODE_DIR/extensions failed"

  step "building argon2 (code-server password hashing) from source"
  # argon2's install script is node-pre-gyp: build from source instead of
  # trying a GitHub download first.
  (cd "$PREFIX" && npm_config_build_from_source=true run npm rebuild "${NPM_FLAGS[@]}" argon2) \
    || die "npm rebuild argon2 failed"
  (cd "$PREFIX" && node -e 'require("argon2")') \
    || die "argon2 does not load after npm rebuild"

  step "smoke test: code-server --version"
  local v tmpcfg
  # Without --config/CODE_SERVER_CONFIG, code-server writes a default config
  # (with a random password) to ~/.config/code-server/config.yaml.
  tmpcfg=$(mktemp -d)
  v=$(CODE_SERVER_CONFIG="$tmpcfg/config.yaml" "$CS_BIN" --version 2>/dev/null | tail -n 1) \
    || { rm -rf "$tmpcfg"; die "code-server --version failed"; }
  rm -rf "$tmpcfg"
  log "code-server --version: $v"
  case "$v" in "${CODE_SERVER_VERSION}"*) ;; *) die "unexpected version output: $v" ;; esac

  marker_value >"$MARKER"
  # Handy for callers that prefer sourcing a file.
  {
    printf 'CODE_SERVER_BIN=%q\n' "$CS_BIN"
    printf 'CHROMIUM_BIN=%q\n' "$(command -v chromium || true)"
  } >"$PREFIX/env.sh"
}

main() {
  log "code-server ${CODE_SERVER_VERSION} -> $PREFIX"
  # One installer at a time per cache folder (parallel CI jobs, test workers).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_ROOT/.code-server.lock"
    if ! flock -n 9; then
      log "another install is running in $CACHE_ROOT; waiting for its lock"
      flock 9
    fi
  fi
  install_apt_packages
  check_tools
  if already_installed; then
    log "already installed ($(cat "$MARKER")); nothing to do (LOOPGUARD_FORCE=1 reinstalls)"
  else
    install_code_server
  fi
  step "done in $(( $(date +%s) - START_TS ))s; chromium: $(command -v chromium || echo 'not installed')"
  printf '%s\n' "$CS_BIN"
}

main "$@"
