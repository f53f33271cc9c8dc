/**
 * The engine seam: what wasmbox asks of a WebAssembly engine ({@link
 * io.github.wasmbox.sandbox.internal.engine.WasmEngine}), engine-free. One adapter implements it;
 * nothing else touches the engine. Internal.
 */
@NullMarked
package io.github.wasmbox.sandbox.internal.engine;

import org.jspecify.annotations.NullMarked;
