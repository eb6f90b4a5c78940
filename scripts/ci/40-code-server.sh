#!/usr/bin/env bash
# code-server 4.100.3 (a real VS Code) and Debian Chromium for the VS Code extension's end-to-end test
# (packages/vscode/tests/e2e). scripts/install-code-server.sh is idempotent: about 2 minutes from scratch,
# under a second when its marker says the same version is installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(bash scripts/install-code-server.sh | tail -n 1)"
if [ ! -x "$bin" ]; then
  echo "40-code-server: scripts/install-code-server.sh printed '$bin', which is not an executable code-server" >&2
  exit 1
fi
echo "code-server: $bin"
