/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.github.wasmbox.sandbox.MemoryBudget;
import io.github.wasmbox.sandbox.PluginPool;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Gauges for the saturation and health of each configured plugin, read from the {@link
 * PluginRegistry} ({@link io.github.wasmbox.sandbox.Plugin#pool()}) and the runtime's memory budget
 * when they are scraped:
 *
 * <ul>
 *   <li>{@code wasmbox.plugin.state}, tags {@code plugin}, {@code state} ({@code pending}, {@code
 *       loaded}, {@code failed}, {@code unloaded}): 1 for the plugin's current state, 0 for the
 *       others, so an alert can fire on {@code state="failed"};
 *   <li>{@code wasmbox.plugin.pool.size}, {@code wasmbox.plugin.pool.active} and {@code
 *       wasmbox.plugin.pool.pending}, tag {@code plugin}: the calls that may hold an instance at
 *       once, those that hold one now and those waiting for one now (NaN while the plugin does not
 *       serve). Active near size with callers pending is a saturated pool;
 *   <li>{@code wasmbox.plugin.pool.timeouts}, tag {@code plugin}: the calls that found no instance
 *       in time and failed {@code busy}, since the plugin loaded;
 *   <li>{@code wasmbox.memory.budget.limit} and {@code wasmbox.memory.budget.reserved} (bytes): the
 *       runtime's memory budget and what the live instances of all plugins hold of it; {@code
 *       wasmbox.memory.budget.spare} (bytes): the arrays of closed instances kept for the next ones
 *       ({@link MemoryBudget#spareBytes()}); {@code wasmbox.memory.budget.refusals}: how often it
 *       refused memory (each refusal ended a call as {@code MEMORY}).
 * </ul>
 *
 * Thread-safe; gauges hold no state of their own.
 */
public final class PluginGauges implements MeterBinder {
    private final PluginRegistry registry;
    private final MemoryBudget budget;

    public PluginGauges(PluginRegistry registry, MemoryBudget budget) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("wasmbox.memory.budget.limit", budget, MemoryBudget::limitBytes)
                .description("The linear memory all plugins' instances may hold together")
                .baseUnit(BaseUnits.BYTES)
                .register(meters);
        Gauge.builder("wasmbox.memory.budget.reserved", budget, MemoryBudget::reservedBytes)
                .description("The linear memory the live instances hold now")
                .baseUnit(BaseUnits.BYTES)
                .register(meters);
        Gauge.builder("wasmbox.memory.budget.spare", budget, MemoryBudget::spareBytes)
                .description(
                        "The zeroed arrays of closed instances kept for the next ones; counted"
                                + " against the budget, dropped before a reservation is refused")
                .baseUnit(BaseUnits.BYTES)
                .register(meters);
        FunctionCounter.builder("wasmbox.memory.budget.refusals", budget, MemoryBudget::refusals)
                .description("Memory the budget refused: each ended a call as MEMORY")
                .register(meters);
        for (String plugin : registry.names()) {
            for (PluginStatus.State state : PluginStatus.State.values()) {
                Gauge.builder("wasmbox.plugin.state", () -> isIn(plugin, state) ? 1 : 0)
                        .description("1 for the state the plugin is in, 0 for the others")
                        .tag("plugin", plugin)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(meters);
            }
            pool(
                    meters,
                    plugin,
                    "size",
                    "Calls that may hold an instance at once",
                    PluginPool::size);
            pool(meters, plugin, "active", "Calls holding an instance now", PluginPool::inUse);
            pool(
                    meters,
                    plugin,
                    "pending",
                    "Calls waiting for an instance now",
                    PluginPool::waiting);
            pool(
                    meters,
                    plugin,
                    "quarantined",
                    "1 while the sandbox stopped the plugin's last calls and it runs one call at a"
                            + " time, else 0",
                    p -> p.quarantined() ? 1 : 0);
            FunctionCounter.builder(
                            "wasmbox.plugin.pool.timeouts",
                            registry,
                            r ->
                                    r.plugin(plugin)
                                            .map(p -> (double) p.pool().acquireTimeouts())
                                            .orElse(0.0))
                    .description("Calls that found no free instance in time and failed busy")
                    .tag("plugin", plugin)
                    .register(meters);
        }
    }

    private void pool(
            MeterRegistry meters,
            String plugin,
            String name,
            String description,
            ToIntFunction<PluginPool> value) {
        Gauge.builder(
                        "wasmbox.plugin.pool." + name,
                        registry,
                        r ->
                                r.plugin(plugin)
                                        .map(p -> (double) value.applyAsInt(p.pool()))
                                        .orElse(Double.NaN))
                .description(description)
                .tag("plugin", plugin)
                .register(meters);
    }

    private boolean isIn(String plugin, PluginStatus.State state) {
        return registry.status(plugin).map(status -> status.state() == state).orElse(false);
    }
}
