/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import org.jspecify.annotations.Nullable;

/**
 * A live plugin instance as the runtime sees it, independent of the engine. Confined to the thread
 * running its call.
 */
public interface GuestInstance extends AutoCloseable {

    /** The instance's per-call state. */
    CallState state();

    /**
     * Runs an exported plugin function ({@code () -> i32}, or {@code _start}).
     *
     * @return the function's return code (0 for {@code _start})
     * @throws GuestFault when the guest stops abnormally, and of kind {@link GuestFault.Kind#EXIT}
     *     with the exit code as {@link GuestFault#attempted()} when it calls {@code proc_exit},
     *     with any code
     */
    int call(String function);

    /** The current linear-memory size in bytes. */
    long memoryBytes();

    /**
     * Copies this instance's state, or returns null when it cannot serve as the image of every
     * instance of its module: when the guest has called the host already (instantiation that calls
     * the host may read the call's input, the time or randomness), or when the engine cannot copy
     * it exactly. Call it on a fresh instance, before its first call.
     */
    @Nullable Snapshot snapshot();

    /**
     * Puts this instance back into the state {@code snapshot} recorded, with fresh host state (WASI
     * descriptors, files, clocks, randomness) if the guest used its own. Returns false when that
     * cannot be done exactly; the caller then closes the instance.
     *
     * @throws RuntimeException if the host state cannot be renewed
     */
    boolean restore(Snapshot snapshot);

    /** Releases the instance's resources (WASI descriptors). */
    @Override
    void close();

    /** An engine's copy of an instance's state; immutable, so shared by every thread. */
    interface Snapshot {}
}
