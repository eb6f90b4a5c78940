#!/usr/bin/env bash
# Sets up a fresh clone on a machine with only Node 20:
#   bash scripts/setup.sh          pnpm 12.4.2 and the workspace's packages (enough for `pnpm demo`)
#   bash scripts/setup.sh --full   also the system tools the whole test suite drives (Neovim, Chromium,
#                                  code-server, Rust crates): every scripts/ci/*.sh, in order
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "loopguard needs Node 20 or later; this is $(node --version)" >&2
  exit 2
fi
if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  echo "--- installing pnpm 12.4.2"
  npm install -g pnpm@12.4.2 >/dev/null
fi

if [ "${1:-}" = "--full" ] && compgen -G "scripts/ci/*.sh" >/dev/null; then
  for step in scripts/ci/*.sh; do
    echo "--- $step"
    bash "$step"
  done
fi

bash scripts/setup/node-gyp-headers.sh

echo "--- pnpm install"
pnpm install --frozen-lockfile
