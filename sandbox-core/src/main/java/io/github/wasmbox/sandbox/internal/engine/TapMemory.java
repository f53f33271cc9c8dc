/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.internal.CallState;

/**
 * A {@link LinearMemory} that tells the call's {@link HostCallTape} what the host writes, so that a
 * recorded answer holds the bytes a WASI or capability call put into guest memory. Used only for
 * plugins that are recorded or replayed. Confined to the call thread.
 */
final class TapMemory implements LinearMemory {
    private final LinearMemory memory;
    private final CallState state;

    TapMemory(LinearMemory memory, CallState state) {
        this.memory = memory;
        this.state = state;
    }

    /** Whether this taps {@code linear}. */
    boolean taps(LinearMemory linear) {
        return memory == linear;
    }

    @Override
    public long size() {
        return memory.size();
    }

    @Override
    public byte[] read(int ptr, int len) {
        return memory.read(ptr, len);
    }

    @Override
    public void write(int ptr, byte[] bytes) {
        memory.write(ptr, bytes);
        HostCallTape tape = state.tape();
        if (tape != null) {
            tape.written(ptr, bytes.clone());
        }
    }
}
