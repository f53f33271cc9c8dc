/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

/**
 * What each metered operation costs, in units of fuel. One unit is one executed WebAssembly
 * instruction of the original module (structured-control instructions such as {@code block} and
 * {@code end} included); the instructions the rewrite adds are free. Operations whose work grows
 * with an operand are charged again, before they run, for that operand. Immutable and thread-safe.
 *
 * @param instruction per instruction of the original code; at least 1, so every loop is bounded
 * @param memoryByte per byte of {@code memory.fill}, {@code memory.copy} and {@code memory.init}
 * @param tableElement per element of {@code table.fill}, {@code table.copy}, {@code table.init},
 *     {@code table.grow} and the GC array operations that take a length
 * @param memoryPage per 64 KiB page requested by {@code memory.grow} (charged even when the grow
 *     fails)
 */
public record FuelCosts(long instruction, long memoryByte, long tableElement, long memoryPage) {
    /** Largest cost per unit: keeps a charge of (2^32 - 1) units within a signed 64-bit value. */
    public static final long MAX_COST = Integer.MAX_VALUE;

    /**
     * One unit per instruction and per byte or element; growing memory costs 1,024 per page, far
     * less than the page's 65,536 bytes because memory is bounded by its own limit.
     */
    public static final FuelCosts DEFAULTS = new FuelCosts(1, 1, 1, 1024);

    public FuelCosts {
        if (instruction < 1 || instruction > MAX_COST) {
            throw new IllegalArgumentException(
                    "instruction cost must be in [1, " + MAX_COST + "]: " + instruction);
        }
        check("memoryByte", memoryByte);
        check("tableElement", tableElement);
        check("memoryPage", memoryPage);
    }

    private static void check(String name, long cost) {
        if (cost < 0 || cost > MAX_COST) {
            throw new IllegalArgumentException(
                    name + " cost must be in [0, " + MAX_COST + "]: " + cost);
        }
    }
}
