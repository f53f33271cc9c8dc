#!/usr/bin/env bash
# Rebuilds the WASI conformance and hostile-probe fixtures. The .wasm files are committed so the
# Java build never needs these toolchains.
#   probe.wasm        clang --target=wasm32-wasi with Debian's wasi-libc (override CLANG=)
#   conformance.wasm  rustc --target wasm32-wasi, rustc 1.63 or later (override RUSTC=, and
#   preview1.wasm     WASMBOX_RUST_TARGET=wasm32-wasip1 on current rustup toolchains)
set -euo pipefail
cd "$(dirname "$0")"
CLANG="${CLANG:-clang}"
RUSTC="${RUSTC:-/usr/bin/rustc}"
TARGET="${WASMBOX_RUST_TARGET:-wasm32-wasi}"
export SOURCE_DATE_EPOCH=0
"$CLANG" --target=wasm32-wasi -Oz -Wl,--strip-all -o probe.wasm probe.c
"$RUSTC" --target "$TARGET" -C opt-level=z -C strip=symbols -C panic=abort -C link-arg=-zstack-size=65536 \
  --remap-path-prefix "$PWD=." -o conformance.wasm conformance.rs
"$RUSTC" --target "$TARGET" -C opt-level=z -C strip=symbols -C panic=abort -C link-arg=-zstack-size=65536 \
  --remap-path-prefix "$PWD=." -o preview1.wasm preview1.rs
sha256sum probe.wasm conformance.wasm preview1.wasm

# A digest beside each module, like the plugins in plugins-rust/dist.
for wasm in *.wasm; do sha256sum "$wasm" > "$wasm.sha256"; done
