/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;

/**
 * Gauges for the saturation and health of each configured plugin, read from the {@link
 * PluginRegistry} when they are scraped:
 *
 * <ul>
 *   <li>{@code wasmbox.plugin.state}, tags {@code plugin}, {@code state} ({@code pending}, {@code
 *       loaded}, {@code failed}, {@code unloaded}): 1 for the plugin's current state, 0 for the
 *       others, so an alert can fire on {@code state="failed"};
 *   <li>{@code wasmbox.plugin.pool.size}, tag {@code plugin}: the instances that may serve calls at
 *       once, NaN before the plugin loads. Compared with the calls in progress (the {@code
 *       wasmbox.plugin.call.active} long-task timer of the call observation) it shows how close the
 *       pool is to making callers wait; waits that ran out are {@code wasmbox.plugin.calls} with
 *       {@code outcome="busy"}.
 * </ul>
 *
 * Thread-safe; gauges hold no state of their own.
 */
public final class PluginGauges implements MeterBinder {
    private final PluginRegistry registry;

    public PluginGauges(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (String plugin : registry.names()) {
            for (PluginStatus.State state : PluginStatus.State.values()) {
                Gauge.builder("wasmbox.plugin.state", () -> isIn(plugin, state) ? 1 : 0)
                        .description("1 for the state the plugin is in, 0 for the others")
                        .tag("plugin", plugin)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(meters);
            }
            Gauge.builder("wasmbox.plugin.pool.size", () -> poolSize(plugin))
                    .description("Instances of the plugin that may serve calls at once")
                    .tag("plugin", plugin)
                    .register(meters);
        }
    }

    private boolean isIn(String plugin, PluginStatus.State state) {
        return registry.status(plugin).map(status -> status.state() == state).orElse(false);
    }

    private double poolSize(String plugin) {
        PluginPolicy policy = registry.status(plugin).map(PluginStatus::policy).orElse(null);
        return policy == null ? Double.NaN : policy.limits().poolSize();
    }
}
