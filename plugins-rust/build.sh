#!/usr/bin/env bash
# Builds every plugin of the workspace reproducibly and writes each `<name>.wasm` with its
# `<name>.wasm.sha256` (sha256sum format) into dist/ (or --out DIR).
#
#   ./build.sh                 build into dist/
#   ./build.sh --out DIR       build into DIR (check-digests.sh uses a temporary one)
#   ./build.sh --check         rebuild in a temporary directory and compare with dist/
#
# Toolchain: Debian's /usr/bin/cargo + /usr/bin/rustc (target wasm32-wasi) with crates from
# /usr/share/cargo/registry (.cargo/config.toml), clang + wasi-libc for the C plugin,
# wasm-opt (binaryen) when present. Override with CARGO=, RUSTC=, RUSTDOC=, CLANG=,
# WASI_SYSROOT=, WASM_OPT= (empty WASM_OPT disables it; digests then differ).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$ROOT/dist"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

case "${1:-}" in
  --check) exec "$ROOT/check-digests.sh" ;;
  --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
  "") ;;
  *) echo "usage: $0 [--out DIR | --check]" >&2; exit 2 ;;
esac

CARGO="${CARGO:-/usr/bin/cargo}"
export RUSTC="${RUSTC:-/usr/bin/rustc}"
export RUSTDOC="${RUSTDOC:-/usr/bin/rustdoc}"
CLANG="${CLANG:-clang}"
WASM_OPT="${WASM_OPT-$(command -v wasm-opt || true)}"
TARGET="${WASMBOX_RUST_TARGET:-wasm32-wasi}"

# Debian's clang finds wasi-libc (/usr/include/wasm32-wasi, /usr/lib/wasm32-wasi) without
# --sysroot; set WASI_SYSROOT for a wasi-sdk installation.

# Reproducibility: no absolute paths of this checkout, the target dir or the crate
# registry in the output (the last matching prefix wins), one codegen unit and LTO
# (Cargo.toml), no timestamps anywhere in the toolchain's wasm output.
export SOURCE_DATE_EPOCH=0
export CARGO_INCREMENTAL=0
sep=$'\x1f'
flags=(
  "-C" "link-arg=-zstack-size=65536"
  "--remap-path-prefix=$ROOT=/wasmbox"
  "--remap-path-prefix=$TARGET_DIR=/wasmbox/target"
  "--remap-path-prefix=/usr/share/cargo/registry=/cargo/registry"
  "--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
)
CARGO_ENCODED_RUSTFLAGS="$(IFS="$sep"; echo "${flags[*]}")"
export CARGO_ENCODED_RUSTFLAGS
unset RUSTFLAGS

echo "== wasmbox-inspect (native)"
(cd "$ROOT" && env -u CARGO_ENCODED_RUSTFLAGS "$CARGO" build --locked --release -q \
   --target-dir "$TARGET_DIR" -p wasmbox-inspect)
INSPECT="$TARGET_DIR/release/wasmbox-inspect"

echo "== rust plugins ($("$RUSTC" --version), target $TARGET)"
(cd "$ROOT" && "$CARGO" build --locked --release --target "$TARGET" --workspace \
   --target-dir "$TARGET_DIR" --exclude wasmbox-pdk --exclude wasmbox-pdk-macros --exclude wasmbox-inspect)

mkdir -p "$OUT"
rm -f "$OUT"/*.wasm "$OUT"/*.wasm.sha256

optimize() { # in out
  if [ -n "$WASM_OPT" ]; then
    "$WASM_OPT" -Oz --strip-debug --strip-producers "$1" -o "$2"
  else
    cp "$1" "$2"
  fi
}

# Every cdylib member of the workspace (examples/*, hostile/*) is a plugin; its dist name is the package name.
members="$(sed -n 's/^ *"\(\(examples\|hostile\)\/[^"]*\)",*$/\1/p' "$ROOT/Cargo.toml")"
for member in $members; do
  manifest="$ROOT/$member/Cargo.toml"
  grep -q 'cdylib' "$manifest" || continue
  pkg="$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$manifest" | head -n1)"
  artifact="$TARGET_DIR/$TARGET/release/${pkg//-/_}.wasm"
  optimize "$artifact" "$OUT/$pkg.wasm"
done

echo "== C plugins (clang $("$CLANG" --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -n1), sysroot ${WASI_SYSROOT:-default})"
for dir in "$ROOT"/examples/*-c; do
  [ -f "$dir/plugin.name" ] || continue
  name="$(cat "$dir/plugin.name")"
  # Extra flags, such as -mexec-model=reactor for a plugin with exports instead of main.
  cflags=()
  [ -f "$dir/plugin.cflags" ] && read -r -a cflags < "$dir/plugin.cflags"
  tmp="$TARGET_DIR/c/$name.wasm"
  mkdir -p "$(dirname "$tmp")"
  "$CLANG" --target=wasm32-wasi ${WASI_SYSROOT:+--sysroot="$WASI_SYSROOT"} \
    "${cflags[@]}" -I "$ROOT/wasmbox-c" \
    -Os -std=c11 -Wall -Wextra -Werror \
    -ffile-prefix-map="$ROOT"=/wasmbox -fno-ident \
    -Wl,-z,stack-size=65536 -Wl,--strip-all \
    -o "$tmp" "$dir"/*.c
  optimize "$tmp" "$OUT/$name.wasm"
done

echo "== checks (manifest vs. imports/exports, size <= 200 KB)"
"$INSPECT" --check --max-size 204800 --inventory "$OUT/INVENTORY.md" "$OUT"/*.wasm >/dev/null

echo "== digests ($OUT)"
(cd "$OUT" && for f in *.wasm; do
   sha256sum "$f" > "$f.sha256"
   printf '%8d  %s\n' "$(wc -c < "$f")" "$(cat "$f.sha256")"
 done)
