/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.time.Duration;
import java.util.Optional;

/** The events a {@link PluginListener} receives. All are immutable records. */
public final class PluginEvents {
    private PluginEvents() {}

    /** How a call ended. */
    public enum Outcome {
        SUCCESS,
        /** The plugin reported failure through the ABI or its exit code. */
        FAILED,
        TRAP,
        TIMEOUT,
        FUEL,
        MEMORY,
        TABLE,
        STACK,
        OUTPUT,
        /** A denial trapped the guest (trap-on-denial). */
        DENIED,
        /** No instance became free in time. */
        BUSY,
        /** A host function failed unexpectedly. */
        HOST_ERROR,
        /** The caller's input was over {@code limits.max-input}; the call never started. */
        INPUT,
        /** The runtime was closed during the call, or the calling thread was interrupted. */
        CANCELLED
    }

    /**
     * A plugin is ready.
     *
     * @param pluginName its name
     * @param sha256 the module digest
     * @param loadTime time spent reading, verifying, instrumenting and compiling
     * @param cacheHit whether the compiled module came from the runtime's in-memory cache or its
     *     persistent compile cache, so that nothing was rewritten or compiled
     */
    public record Loaded(String pluginName, String sha256, Duration loadTime, boolean cacheHit) {}

    /**
     * A call ended.
     *
     * @param context the call
     * @param outcome how it ended
     * @param duration wall-clock time, the wait for an instance included
     * @param instanceWait how long the call waited for a free instance of the plugin's pool before
     *     it could run (for {@link Outcome#BUSY}, the whole {@code acquire-timeout}); zero when the
     *     call never reached the pool (such as {@link Outcome#INPUT})
     * @param fuelConsumed fuel used (also when stopped)
     * @param peakMemoryBytes the largest memory size reached
     * @param failure the exception thrown to the caller, empty on success
     */
    public record Call(
            CallContext context,
            Outcome outcome,
            Duration duration,
            Duration instanceWait,
            long fuelConsumed,
            long peakMemoryBytes,
            Optional<PluginException> failure) {}

    /**
     * The policy denied something.
     *
     * @param context the call
     * @param capability such as {@code wasmbox:http}
     * @param target what was asked for
     */
    public record Denied(CallContext context, String capability, String target) {}

    /**
     * A plugin reached a quota of a capability: the write was refused with {@code TOO_LARGE} and
     * nothing already stored or written was dropped. Raised once per refusal, except where the
     * capability says otherwise (the log capability raises it once per call).
     *
     * @param context the call
     * @param capability such as {@code wasmbox:kv}
     * @param quota the setting that was reached, such as {@code max-entries}, {@code max-bytes} or
     *     {@code max-log}; never guest-controlled
     */
    public record QuotaReached(CallContext context, String capability, String quota) {}
}
