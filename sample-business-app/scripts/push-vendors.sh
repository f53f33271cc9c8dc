#!/usr/bin/env bash
# Pushes the sample's four vendor plugins (plugins-rust/dist) to the OCI registry REGISTRY
# (host:port) as REGISTRY/NAMESPACE/<plugin>:1.0.0, each signed with the vendor key in KEYS (made
# with `wasmbox keygen` when missing), with the project's own command-line tool. The profile
# `registry` (application-registry.yaml) then pulls them from there.
#
#   scripts/push-vendors.sh REGISTRY [NAMESPACE] [KEYS]
#
# Needs cli/target/wasmbox.jar: ./mvnw -pl cli -am -DskipTests package
set -euo pipefail

registry=${1:?usage: scripts/push-vendors.sh REGISTRY [NAMESPACE] [KEYS], such as 127.0.0.1:5000}
namespace=${2:-checkout}
here=$(cd "$(dirname "$0")/.." && pwd)
keys=${3:-$here/target/vendor-keys}
jar=$here/../cli/target/wasmbox.jar
if [ ! -f "$jar" ]; then
  echo "push-vendors.sh: $jar is missing; build it with ./mvnw -pl cli -am -DskipTests package" >&2
  exit 2
fi
wasmbox() { java -jar "$jar" "$@"; }

# Plain HTTP only for a registry on the loopback interface.
transport=()
case "$registry" in
  127.*|localhost:*|localhost) transport=(--plain-http) ;;
esac

mkdir -p "$keys"
if [ ! -f "$keys/vendor.key" ]; then
  wasmbox keygen --out "$keys/vendor"
fi
for plugin in fraud-score discount-rules shipping-rates tax; do
  wasmbox push "$here/../plugins-rust/dist/$plugin.wasm" \
    "$registry/$namespace/$plugin:1.0.0" --key "$keys/vendor.key" "${transport[@]}"
done
echo "vendor key: $keys/vendor.pub (wasmbox.trusted-keys; the registry profile reads it from there)"
