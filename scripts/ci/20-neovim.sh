#!/usr/bin/env bash
# Neovim 0.7 (Debian's) for the language server's real-client test: packages/language-server/tests/neovim.test.ts.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
  echo "nvim present: $(nvim --version | head -1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq neovim >/dev/null
echo "installed $(nvim --version | head -1)"
