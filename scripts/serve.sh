#!/usr/bin/env bash
# Builds the page (release) and serves it on 127.0.0.1; prints the URL. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
PORT="${PORT:-8080}"
echo "ECE Chat Triage will be at: http://127.0.0.1:${PORT}/#example   (the built-in example; drop #example for a blank page)"
exec trunk serve --release --offline --no-autoreload --public-url / --address 127.0.0.1 --port "$PORT"
