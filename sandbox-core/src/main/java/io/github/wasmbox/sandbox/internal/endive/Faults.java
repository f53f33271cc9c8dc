/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.engine.FuelMeter;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import run.endive.runtime.WasmInterruptedException;

/** Classifies whatever escaped a guest into a {@link GuestFault}. */
final class Faults {
    private Faults() {}

    /**
     * Throws a fuel fault when a guest finished with its counter below zero: the rewrite checks the
     * counter only at function entries, loop headers and per-operand charges, so the last blocks of
     * a call may overdraw it without trapping.
     */
    static void requireFuelLeft(FuelMeter fuel) {
        if (fuel.remaining() < 0) {
            throw new GuestFault(GuestFault.Kind.FUEL, "fuel exhausted", null);
        }
    }

    /**
     * @param memoryCapBytes the policy's memory cap when it clamped the module's maximum, else 0
     * @param capReached whether a grow was refused at the cap ({@link FlatMemory#growRefused()};
     *     for Endive's own memory, whether the memory is within a page of the cap)
     * @param budget the runtime's memory budget, which a refused grow may have hit
     * @param budgetRefused whether a grow was refused by {@code budget} ({@link
     *     FlatMemory#budgetRefused()})
     */
    static GuestFault classify(
            Throwable thrown,
            FuelMeter fuel,
            long memoryBytes,
            long memoryCapBytes,
            boolean capReached,
            MemoryReservations budget,
            boolean budgetRefused) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof GuestFault) {
                return (GuestFault) t;
            }
            if (t instanceof StackOverflowError) {
                return new GuestFault(
                        GuestFault.Kind.STACK, "stack overflow (recursion too deep)", thrown);
            }
            if (t instanceof OutOfMemoryError) {
                return new GuestFault(
                        GuestFault.Kind.MEMORY,
                        "the JVM ran out of memory serving the call",
                        thrown);
            }
            if (t instanceof WasmInterruptedException || t instanceof InterruptedException) {
                return new GuestFault(
                        GuestFault.Kind.TIMEOUT, "interrupted at the deadline", thrown);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // The rewrite traps with `unreachable` when fuel runs out, so the counter tells a fuel
        // stop from a guest's own trap.
        if (fuel.remaining() < 0) {
            return new GuestFault(GuestFault.Kind.FUEL, "fuel exhausted", thrown);
        }
        if (budgetRefused) {
            return new GuestFault(
                    GuestFault.Kind.MEMORY_BUDGET,
                    "the plugin trapped after a memory.grow was refused, with "
                            + budget.reserved()
                            + " bytes reserved by all instances",
                    budget.limit(),
                    memoryBytes,
                    thrown);
        }
        if (memoryCapBytes > 0 && capReached) {
            return new GuestFault(
                    GuestFault.Kind.MEMORY,
                    "the plugin trapped after its memory reached the policy cap",
                    memoryCapBytes,
                    memoryBytes,
                    thrown);
        }
        String message = thrown.getMessage();
        return new GuestFault(
                GuestFault.Kind.TRAP,
                message == null ? thrown.getClass().getSimpleName() : message,
                thrown);
    }
}
