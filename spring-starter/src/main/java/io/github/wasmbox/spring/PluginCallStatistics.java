/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts calls, outcomes, denials, reached quotas and high-water marks per plugin, for the {@code
 * plugins} actuator endpoint. A {@link PluginListener} the runtime calls on every call; lock-free
 * and thread-safe.
 */
public final class PluginCallStatistics implements PluginListener {
    private final Map<String, Counters> byPlugin = new ConcurrentHashMap<>();

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final Map<PluginEvents.Outcome, LongAdder> outcomes =
                new EnumMap<>(PluginEvents.Outcome.class);
        final AtomicLong maxFuel = new AtomicLong();
        final AtomicLong maxMemory = new AtomicLong();
        final LongAdder denials = new LongAdder();
        final LongAdder quotasReached = new LongAdder();

        Counters() {
            // Filled up front so the map is never written after construction.
            for (PluginEvents.Outcome outcome : PluginEvents.Outcome.values()) {
                outcomes.put(outcome, new LongAdder());
            }
        }
    }

    @Override
    public void onCall(PluginEvents.Call event) {
        Counters counters = countersOf(event.context().pluginName());
        counters.calls.increment();
        counters.outcomes.get(event.outcome()).increment();
        counters.maxFuel.accumulateAndGet(event.fuelConsumed(), Math::max);
        counters.maxMemory.accumulateAndGet(event.peakMemoryBytes(), Math::max);
    }

    @Override
    public void onDenied(PluginEvents.Denied event) {
        countersOf(event.context().pluginName()).denials.increment();
    }

    @Override
    public void onQuotaReached(PluginEvents.QuotaReached event) {
        countersOf(event.context().pluginName()).quotasReached.increment();
    }

    /** The counters of {@code pluginName}; all zero if it was never called. */
    public PluginCounters counters(String pluginName) {
        Counters counters = byPlugin.get(pluginName);
        if (counters == null) {
            return PluginCounters.none();
        }
        Map<String, Long> outcomes = new java.util.LinkedHashMap<>();
        counters.outcomes.forEach(
                (outcome, count) -> {
                    long value = count.sum();
                    if (value > 0) {
                        outcomes.put(PluginCounters.key(outcome), value);
                    }
                });
        return new PluginCounters(
                counters.calls.sum(),
                outcomes,
                counters.maxFuel.get(),
                counters.maxMemory.get(),
                counters.denials.sum(),
                counters.quotasReached.sum());
    }

    private Counters countersOf(String pluginName) {
        return byPlugin.computeIfAbsent(pluginName, name -> new Counters());
    }
}
