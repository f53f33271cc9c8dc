/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * One runtime's memory budget ({@link PluginRuntime.Builder#memoryBudget}): the linear memory that
 * the live instances of all its plugins may hold together. Each instance reserves its memory before
 * the memory is allocated and gives it back when the instance closes; a {@code memory.grow} that
 * would pass the budget fails, and the call ends with {@link ResourceExhaustedException} for {@code
 * MEMORY}, never with the JVM's {@link OutOfMemoryError}. An instance kept in a pool keeps its
 * reservation, which is what lets the next call reuse its memory without allocating.
 *
 * <p>A live view, for gauges and health checks. Thread-safe.
 */
public final class MemoryBudget {
    private final MemoryReservations reservations;
    private final Supplier<Collection<Plugin>> plugins;

    MemoryBudget(MemoryReservations reservations, Supplier<Collection<Plugin>> plugins) {
        this.reservations = reservations;
        this.plugins = plugins;
    }

    /** The budget, in bytes. */
    public long limitBytes() {
        return reservations.limit();
    }

    /** The bytes the live instances hold now. */
    public long reservedBytes() {
        return reservations.reserved();
    }

    /**
     * The bytes of spare linear-memory arrays: the arrays of closed instances, zeroed and kept (up
     * to half the budget) for the next instances, so that calls that end by closing their instance
     * do not allocate a new one each. Counted against the budget but not in {@link
     * #reservedBytes()}: a reservation that would not fit drops spares first.
     */
    public long spareBytes() {
        return reservations.spareBytes();
    }

    /** How many times the budget refused memory since the runtime started. */
    public long refusals() {
        return reservations.refusals();
    }

    /**
     * The most the loaded plugins may ask for together: for each, its pool size times its {@code
     * max-memory}. Above {@link #limitBytes()}, a burst of large calls can meet the budget.
     */
    public long worstCaseBytes() {
        long sum = 0;
        for (Plugin plugin : plugins.get()) {
            sum = Math.addExact(sum, worstCase(plugin.policy()));
        }
        return sum;
    }

    /** What one plugin's instances may hold at most: pool size times max-memory. */
    static long worstCase(PluginPolicy policy) {
        Limits limits = policy.limits();
        return Math.multiplyExact((long) limits.poolSize(), limits.maxMemoryBytes());
    }

    @Override
    public String toString() {
        return "MemoryBudget[limit="
                + limitBytes()
                + ", reserved="
                + reservedBytes()
                + ", spare="
                + spareBytes()
                + ", refusals="
                + refusals()
                + "]";
    }
}
