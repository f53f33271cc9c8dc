package io.github.wasmbox.sandbox.internal.chicory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

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
