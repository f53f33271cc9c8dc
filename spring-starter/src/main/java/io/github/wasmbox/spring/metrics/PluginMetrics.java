/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * Records plugin calls in Micrometer:
 *
 * <ul>
 *   <li>timer {@code wasmbox.plugin.calls}, tags {@code plugin}, {@code function}, {@code outcome}
 *       ({@link Outcomes}: every outcome its own value, {@code busy} and {@code output} included),
 *       the wait for an instance included;
 *   <li>timer {@code wasmbox.plugin.pool.wait}, tag {@code plugin}: how long each call waited for a
 *       free instance of the plugin's pool (zero when one was free; a {@code busy} call waited the
 *       whole {@code acquire-timeout}). Its high percentiles and maximum show a saturated pool
 *       before calls start failing {@code busy};
 *   <li>distribution summaries {@code wasmbox.plugin.fuel} (fuel per call) and {@code
 *       wasmbox.plugin.memory} (peak linear memory per call, bytes), tags {@code plugin}, {@code
 *       function};
 *   <li>counter {@code wasmbox.policy.denials}, tags {@code plugin}, {@code capability};
 *   <li>counter {@code wasmbox.plugin.quota.reached}, tags {@code plugin}, {@code capability},
 *       {@code quota} (the setting reached, such as {@code max-entries}).
 * </ul>
 *
 * A {@link PluginListener}, so that every call through the runtime is counted, whoever makes it.
 * Thread-safe; Micrometer caches the meters.
 */
public final class PluginMetrics implements PluginListener {
    private final MeterRegistry registry;

    public PluginMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onCall(PluginEvents.Call event) {
        String plugin = event.context().pluginName();
        String function = event.context().functionName();
        Timer.builder("wasmbox.plugin.calls")
                .description("Plugin calls")
                .tag("plugin", plugin)
                .tag("function", function)
                .tag("outcome", Outcomes.of(event.outcome()))
                .register(registry)
                .record(event.duration());
        Timer.builder("wasmbox.plugin.pool.wait")
                .description("Time plugin calls waited for a free instance")
                .tag("plugin", plugin)
                .register(registry)
                .record(event.instanceWait());
        DistributionSummary.builder("wasmbox.plugin.fuel")
                .description("Fuel consumed per plugin call")
                .tag("plugin", plugin)
                .tag("function", function)
                .register(registry)
                .record(event.fuelConsumed());
        DistributionSummary.builder("wasmbox.plugin.memory")
                .description("Peak linear memory per plugin call")
                .baseUnit("bytes")
                .tag("plugin", plugin)
                .tag("function", function)
                .register(registry)
                .record(event.peakMemoryBytes());
    }

    @Override
    public void onDenied(PluginEvents.Denied event) {
        Counter.builder("wasmbox.policy.denials")
                .description("Runtime requests a plugin's policy denied")
                .tag("plugin", event.context().pluginName())
                .tag("capability", event.capability())
                .register(registry)
                .increment();
    }

    @Override
    public void onQuotaReached(PluginEvents.QuotaReached event) {
        // Capability and quota are host-chosen names, never guest text: the tags stay bounded.
        Counter.builder("wasmbox.plugin.quota.reached")
                .description("Writes refused because a plugin reached a capability's quota")
                .tag("plugin", event.context().pluginName())
                .tag("capability", event.capability())
                .tag("quota", event.quota())
                .register(registry)
                .increment();
    }
}
