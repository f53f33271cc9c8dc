#!/usr/bin/env bash
# Rebuilds the WAGI test fixture. The .wasm is committed so the Java build never needs clang.
#   wagi-probe.wasm  clang --target=wasm32-wasi with Debian's wasi-libc (override CLANG=)
set -euo pipefail
cd "$(dirname "$0")"
CLANG="${CLANG:-clang}"
export SOURCE_DATE_EPOCH=0
"$CLANG" --target=wasm32-wasi -Oz -fno-ident -Wl,-z,stack-size=65536 -Wl,--strip-all \
  -o wagi-probe.wasm wagi-probe.c

# A digest beside each module, like the plugins in plugins-rust/dist.
for wasm in *.wasm; do sha256sum "$wasm" > "$wasm.sha256"; done
