#!/usr/bin/env bash
# Rebuilds every plugin from source in a temporary directory and compares the digests with
# the committed dist/*.wasm.sha256. Exits non-zero, naming each file, when a digest differs,
# a committed plugin is no longer built, or a built plugin is not committed.
# CI calls this (see .ci/run); it needs the same toolchain as build.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# A fresh target dir: nothing from a previous (possibly differently configured) build leaks in.
CARGO_TARGET_DIR="$TMP/target" "$ROOT/build.sh" --out "$TMP/dist" >"$TMP/build.log" 2>&1 || {
  cat "$TMP/build.log" >&2
  echo "check-digests: the rebuild failed" >&2
  exit 1
}

status=0
for committed in "$ROOT"/dist/*.wasm.sha256; do
  [ -e "$committed" ] || continue
  name="$(basename "$committed")"
  rebuilt="$TMP/dist/$name"
  if [ ! -f "$rebuilt" ]; then
    echo "MISSING  dist/${name%.sha256}: committed but no longer built" >&2
    status=1
  elif ! cmp -s "$committed" "$rebuilt"; then
    echo "DIFFERS  dist/${name%.sha256}: committed $(cut -d' ' -f1 "$committed"), rebuilt $(cut -d' ' -f1 "$rebuilt")" >&2
    status=1
  elif ! (cd "$ROOT/dist" && sha256sum --quiet -c "$name" >/dev/null 2>&1); then
    echo "CORRUPT  dist/${name%.sha256}: the committed .wasm does not match its committed digest" >&2
    status=1
  else
    echo "OK       dist/${name%.sha256}  $(cut -d' ' -f1 "$committed")"
  fi
done
if ! cmp -s "$ROOT/dist/INVENTORY.md" "$TMP/dist/INVENTORY.md"; then
  echo "DIFFERS  dist/INVENTORY.md: regenerate it with ./build.sh" >&2
  status=1
fi
for rebuilt in "$TMP"/dist/*.wasm.sha256; do
  name="$(basename "$rebuilt")"
  if [ ! -f "$ROOT/dist/$name" ]; then
    echo "NEW      dist/${name%.sha256}: built but not committed (run ./build.sh and commit dist/)" >&2
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo "check-digests: dist/ is out of date or the build is not reproducible" >&2
fi
exit "$status"
