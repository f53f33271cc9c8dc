#!/usr/bin/env bash
# Regenerates every .wasm fixture from its .wat source (wabt's wat2wasm; deterministic).
# CI runs it and fails when a committed .wasm differs from its source.
set -euo pipefail
cd "$(dirname "$0")"
for wat in *.wat; do
  wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
done
