/**
 * Typed host functions from plain Java methods: {@link io.github.wasmbox.host.HostModule}, {@link
 * io.github.wasmbox.host.HostFunction} and {@link io.github.wasmbox.host.HostModules}, with the
 * marshalling and error rules of guest ABI v1 (see {@code docs/host-functions.md}).
 */
@NullMarked
package io.github.wasmbox.host;

import org.jspecify.annotations.NullMarked;
