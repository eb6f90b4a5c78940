#!/usr/bin/env bash
# @loopguard/rust builds its Cargo fixtures (fixtures/rust) offline against Debian's packaged crates: tokio 1.24
# with all features (and socket2) under /usr/share/cargo/registry, which fixtures/rust/.cargo/config.toml uses as
# crates.io. cargo/rustc come from rustup where the machine has it; Debian's own cargo/rustc (1.63) otherwise.
set -euo pipefail

export PATH="$HOME/.cargo/bin:$PATH"
updated=0
apt_install() {
  if [ "$updated" = 0 ]; then
    apt-get update
    updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

missing=()
for pkg in librust-tokio-dev librust-socket2-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ! cargo --version >/dev/null 2>&1; then
  missing+=(cargo rustc)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi

if ! compgen -G '/usr/share/cargo/registry/tokio-1.*' >/dev/null; then
  echo "50-rust: librust-tokio-dev installed no tokio under /usr/share/cargo/registry" >&2
  exit 1
fi
echo "50-rust: $(cargo --version), tokio $(basename "$(compgen -G '/usr/share/cargo/registry/tokio-1.*' | head -1)")"
