/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.engine.HostCallTape;
import org.jspecify.annotations.Nullable;

/**
 * What taps one plugin's calls, recording ({@link CallRecorder}) or replaying ({@link Replayer}). A
 * plugin without one pays a null check per call. Thread-safe.
 */
interface CallTaps {

    /** The tape for a call that starts now, or null to leave the call alone. */
    @Nullable HostCallTape start(CallState state);

    /** The call ended: what it did, for the tape {@link #start} returned. */
    void finish(HostCallTape tape, Ending ending);

    /**
     * How a tapped call ended.
     *
     * @param version the plugin version that served it
     * @param context the call
     * @param input its input
     * @param outcome its outcome
     * @param message the failure's message, null on success
     * @param output its output, empty unless it succeeded
     * @param fuel the fuel it consumed
     * @param peakMemoryBytes its instance's memory at the end
     * @param durationNanos its wall-clock time
     */
    record Ending(
            PluginVersion version,
            CallContext context,
            byte[] input,
            PluginEvents.Outcome outcome,
            @Nullable String message,
            byte[] output,
            long fuel,
            long peakMemoryBytes,
            long durationNanos) {}
}
