#!/usr/bin/env bash
# better-sqlite3 (a dependency of the fixture server's sqlite pattern) has no prebuilt binary reachable from a
# machine without internet access, so its install script compiles it with node-gyp, and node-gyp downloads the
# Node headers unless its cache already holds them. Where the system's Node package ships its headers
# (/usr/include/node on Debian), seed node-gyp's cache from them; elsewhere node-gyp downloads them as usual.
# Runs on every set-up, not only --full: without it `pnpm install` (and so the README's main job) fails on a
# fresh machine whose home folder has no ~/.npmrc pointing `nodedir` at the system headers.
set -euo pipefail

version="$(node -p 'process.versions.node')"
headers="${NODE_HEADERS:-/usr/include/node}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/node-gyp/$version"
[ -f "$cache/include/node/node_version.h" ] && exit 0
if [ ! -f "$headers/node_version.h" ]; then
  echo "--- no Node headers at $headers: node-gyp will download them (set NODE_HEADERS to use local ones)"
  exit 0
fi
have="$(sed -n 's/^#define NODE_\(MAJOR\|MINOR\|PATCH\)_VERSION \([0-9]*\)$/\2/p' "$headers/node_version.h" | paste -sd.)"
if [ "$have" != "$version" ]; then
  echo "--- Node headers at $headers are for Node $have, but node is $version: node-gyp will download them"
  exit 0
fi
mkdir -p "$cache/include"
ln -sfn "$headers" "$cache/include/node"
# node-gyp reinstalls headers whose installVersion is older than its own (11 in node-gyp 9 to 12).
echo 11 > "$cache/installVersion"
echo "--- node-gyp headers: $cache -> $headers"
