/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.PluginEvents;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of one plugin's call counters since start-up (they survive reloads). Immutable.
 *
 * @param calls calls finished, successfully or not
 * @param outcomes calls by outcome, keyed by {@link #key} ({@code success}, {@code trap}, {@code
 *     busy}, ...), only outcomes that occurred
 * @param maxFuelConsumed the most fuel one call consumed
 * @param maxPeakMemoryBytes the largest linear memory one call reached, in bytes
 * @param denials runtime policy denials
 * @param quotasReached writes refused because a capability's quota was reached (the log capability
 *     counts one per call)
 */
public record PluginCounters(
        long calls,
        Map<String, Long> outcomes,
        long maxFuelConsumed,
        long maxPeakMemoryBytes,
        long denials,
        long quotasReached) {

    public PluginCounters {
        outcomes = Map.copyOf(outcomes);
    }

    /**
     * The name of {@code outcome}: its constant in lower case, such as {@code busy} or {@code
     * host_error}. The key in {@link #outcomes()}, and the {@code outcome} tag of the metrics.
     */
    public static String key(PluginEvents.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** Counters of a plugin that was never called. */
    public static PluginCounters none() {
        return new PluginCounters(0, Map.of(), 0, 0, 0, 0);
    }
}
