/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How the calls of the last {@code window} ended, across every plugin of the runtime: the input of
 * the {@code plugins} health. A {@link PluginListener}. The window slides in steps of a tenth of
 * its length (a snapshot covers the last 0.9 to 1 window), so a burst of failures has left it one
 * window later. Lock-free and thread-safe; a snapshot taken while calls end may miss those.
 */
public final class RecentCallOutcomes implements PluginListener {
    private static final int SLICES = 10;

    private final Duration window;
    private final long sliceNanos;
    private final LongSupplier nanoTime;
    private final AtomicReferenceArray<Slice> slices = new AtomicReferenceArray<>(SLICES);

    /** The counts of one slice of time. */
    private static final class Slice {
        final long index;
        final Map<PluginEvents.Outcome, LongAdder> outcomes =
                new EnumMap<>(PluginEvents.Outcome.class);

        Slice(long index) {
            this.index = index;
            // Filled up front so the map is never written after construction.
            for (PluginEvents.Outcome outcome : PluginEvents.Outcome.values()) {
                outcomes.put(outcome, new LongAdder());
            }
        }
    }

    /**
     * The calls of the window.
     *
     * @param calls how many calls ended in the window
     * @param outcomes how many ended with each outcome
     */
    public record Snapshot(long calls, Map<PluginEvents.Outcome, Long> outcomes) {
        public Snapshot {
            outcomes = Map.copyOf(outcomes);
        }

        /** The share of the calls that ended with {@code outcome}; 0 when there were none. */
        public double rate(PluginEvents.Outcome outcome) {
            return calls == 0 ? 0 : (double) outcomes.getOrDefault(outcome, 0L) / calls;
        }
    }

    /** Counts over {@code window}, on the JVM's monotonic clock. */
    public RecentCallOutcomes(Duration window) {
        this(window, System::nanoTime);
    }

    RecentCallOutcomes(Duration window, LongSupplier nanoTime) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive, not " + window);
        }
        this.window = window;
        this.sliceNanos = Math.max(1, window.toNanos() / SLICES);
        this.nanoTime = nanoTime;
    }

    @Override
    public void onCall(PluginEvents.Call event) {
        long index = nanoTime.getAsLong() / sliceNanos;
        int at = (int) Math.floorMod(index, (long) SLICES);
        Slice slice = slices.get(at);
        while (slice == null || slice.index < index) {
            // The slot still holds a slice that has left the window: the first call of the new
            // slice replaces it; a call that loses the race counts in the winner's.
            Slice fresh = new Slice(index);
            if (slices.compareAndSet(at, slice, fresh)) {
                slice = fresh;
            } else {
                slice = slices.get(at);
            }
        }
        if (slice.index == index) {
            slice.outcomes.get(event.outcome()).increment();
        }
    }

    /** How far back it counts. */
    public Duration window() {
        return window;
    }

    /** The calls of the current window. */
    public Snapshot snapshot() {
        long now = nanoTime.getAsLong() / sliceNanos;
        long calls = 0;
        Map<PluginEvents.Outcome, Long> outcomes = new EnumMap<>(PluginEvents.Outcome.class);
        for (int i = 0; i < SLICES; i++) {
            Slice slice = slices.get(i);
            if (slice == null || slice.index <= now - SLICES) {
                continue;
            }
            for (Map.Entry<PluginEvents.Outcome, LongAdder> entry : slice.outcomes.entrySet()) {
                long count = entry.getValue().sum();
                if (count > 0) {
                    outcomes.merge(entry.getKey(), count, Long::sum);
                    calls += count;
                }
            }
        }
        return new Snapshot(calls, outcomes);
    }
}
