#!/usr/bin/env bash
# Regenerates every .wasm fixture from its .wat source (wabt's wat2wasm, deterministic output).
# A fixture whose first line is ";; wat2wasm: <flags>" is built with those extra flags.
set -euo pipefail
cd "$(dirname "$0")"
for wat in *.wat; do
  flags=$(sed -n '1s/^;; wat2wasm: //p' "$wat")
  # shellcheck disable=SC2086
  wat2wasm $flags "$wat" -o "${wat%.wat}.wasm"
done

# A digest beside each module, like the plugins in plugins-rust/dist.
for wasm in *.wasm; do sha256sum "$wasm" > "$wasm.sha256"; done
