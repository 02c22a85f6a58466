#!/usr/bin/env bash
# Installs (once) and puts on PATH every tool the build and the tests need.
# Source it: `. scripts/tools.sh`. Each tool is cached under $ECE_TOOLS and skipped when present,
# so a second run takes seconds. Everything comes from package registries (crates.io, npm, Debian).
set -euo pipefail

ECE_TOOLS="${ECE_TOOLS:-$HOME/.cache/ece-triage-tools}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# wasm-bindgen-cli must equal the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$here/Cargo.toml" | head -n1)"
mkdir -p "$ECE_TOOLS/bin"
export PATH="$ECE_TOOLS/bin:$ECE_TOOLS/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '[tools] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! "$ECE_TOOLS/bin/trunk" --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --root "$ECE_TOOLS"
fi

if ! "$ECE_TOOLS/bin/wasm-bindgen" --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$ECE_TOOLS" --force
fi

if ! "$ECE_TOOLS/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "${BINARYEN_VERSION%%.*}"; then
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION (once)"
  mkdir -p "$ECE_TOOLS/npm"
  npm install --silent --no-audit --no-fund --prefix "$ECE_TOOLS/npm" "binaryen@$BINARYEN_VERSION"
fi

if [ ! -f "$ECE_TOOLS/npm/node_modules/playwright-core/package.json" ]; then
  say "installing playwright-core from npm (drives the system chromium in end-to-end tests; downloads no browser)"
  mkdir -p "$ECE_TOOLS/npm"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$ECE_TOOLS/npm" "playwright-core@1"
fi
if [ ! -f "$ECE_TOOLS/npm/node_modules/axe-core/axe.min.js" ]; then
  say "installing axe-core from npm (the accessibility checks of the end-to-end tests)"
  mkdir -p "$ECE_TOOLS/npm"
  npm install --silent --no-audit --no-fund --prefix "$ECE_TOOLS/npm" "axe-core@4"
fi
export PLAYWRIGHT_CORE="$ECE_TOOLS/npm/"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian chromium + chromium-driver (once)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export ECE_TOOLS
