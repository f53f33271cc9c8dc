/**
 * engine-free, byte-level WebAssembly tooling: the bounded pre-scan that runs before any parser
 * sees untrusted bytes ({@link io.github.wasmbox.sandbox.internal.wasm.ModulePrescan}) and the
 * load-time fuel rewrite ({@link io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter}).
 */
@NullMarked
package io.github.wasmbox.sandbox.internal.wasm;

import org.jspecify.annotations.NullMarked;
