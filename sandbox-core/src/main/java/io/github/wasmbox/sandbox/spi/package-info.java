/**
 * The service-provider interface through which host functions are linked into plugins, without
 * exposing the Wasm engine. {@code wasmbox-host-functions} builds on it; applications normally use
 * its annotations instead of implementing these types directly.
 */
@NullMarked
package io.github.wasmbox.sandbox.spi;

import org.jspecify.annotations.NullMarked;
