package io.github.wasmbox.sandbox.internal.wasm;

/**
 * WebAssembly proposals beyond the 2.0 core that a module may use. The 2.0 core (multi-value, sign
 * extension, saturating truncation, bulk memory, reference types) is always accepted.
 */
public enum WasmFeature {
    /** More than one memory, or a memory index other than 0 in an instruction. */
    MULTI_MEMORY,
    /** Shared memory or atomic instructions (prefix 0xFE). */
    THREADS,
    /** The {@code v128} type or vector instructions (prefix 0xFD). */
    SIMD,
    /** Typed function references and garbage-collected types (prefix 0xFB, rec/struct/array). */
    GC,
    /** Exception handling: tags, {@code throw}, {@code throw_ref}, {@code try_table}, exnref. */
    EXCEPTIONS,
    /** {@code return_call}, {@code return_call_indirect}, {@code return_call_ref}. */
    TAIL_CALLS;

    int bit() {
        return 1 << ordinal();
    }
}
