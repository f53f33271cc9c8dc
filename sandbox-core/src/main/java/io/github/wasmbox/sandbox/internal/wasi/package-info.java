/**
 * wasmbox's own WASI preview 1, free of engine types: every function ({@link
 * io.github.wasmbox.sandbox.internal.wasi.WasiSession}) on the guest's linear memory, over
 * in-memory file systems built from preopen grants, with the quotas that bound them, the clocks a
 * policy allows and the fuel host work costs. An engine adapter binds the functions as imports.
 */
@NullMarked
package io.github.wasmbox.sandbox.internal.wasi;

import org.jspecify.annotations.NullMarked;
