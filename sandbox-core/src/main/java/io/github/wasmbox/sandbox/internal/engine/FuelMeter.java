/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.internal.GuestFault;
import org.jspecify.annotations.Nullable;

/**
 * The fuel counter of one instance. The load-time rewrite keeps the counter in a global the module
 * exports; the engine binds that global here ({@link #bind}) when it creates the instance, and
 * until then the meter holds the budget itself. Every module wasmbox runs is metered.
 *
 * <p>The meter remembers the last budget it was given ({@link #set}), so that what a call or an
 * instantiation used has one source: {@link #used()}. Confined to the instance's call thread.
 */
public final class FuelMeter {

    /** Where the engine keeps the counter: the rewrite's exported global. */
    public interface Counter {
        long get();

        void set(long value);
    }

    private @Nullable Counter counter;
    private long pending;
    private long budget;

    /** Binds the instance's counter, which takes the budget set so far. */
    public void bind(Counter counter) {
        this.counter = counter;
        counter.set(pending);
    }

    /** The fuel left; negative once exhausted. */
    public long remaining() {
        Counter bound = counter;
        return bound == null ? pending : bound.get();
    }

    /** Gives the instance {@code budget} fuel, before a call or instantiation. */
    public void set(long budget) {
        this.budget = budget;
        Counter bound = counter;
        if (bound == null) {
            pending = budget;
        } else {
            bound.set(budget);
        }
    }

    /** The last budget {@link #set}. */
    public long budget() {
        return budget;
    }

    /** The fuel used of the last budget {@link #set}; never negative. */
    public long used() {
        return Math.max(0, budget - remaining());
    }

    /**
     * Charges host-side work to the guest's budget.
     *
     * @throws GuestFault of kind {@code FUEL} when the budget goes below zero
     */
    public void charge(long fuel) {
        if (fuel == 0) {
            return;
        }
        long left = remaining() - fuel;
        Counter bound = counter;
        if (bound == null) {
            pending = left;
        } else {
            bound.set(left);
        }
        if (left < 0) {
            throw new GuestFault(
                    GuestFault.Kind.FUEL, "host calls exhausted the fuel budget", null);
        }
    }
}
