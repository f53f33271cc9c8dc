package io.github.wasmbox.sandbox.internal.endive;

import run.endive.runtime.Memory;
import run.endive.wasm.types.MemoryLimits;

/**
 * Lets the raw-Chicory baselines use wasmbox's package-private {@link FlatMemory} (this class lives
 * in the benchmarks jar, in sandbox-core's package).
 */
public final class BenchmarkAccess {
    private BenchmarkAccess() {}

    /** A new {@link FlatMemory}. */
    public static Memory flatMemory(MemoryLimits limits) {
        return new FlatMemory(limits);
    }
}
