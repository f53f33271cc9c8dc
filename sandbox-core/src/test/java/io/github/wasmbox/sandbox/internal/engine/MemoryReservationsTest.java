/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Spares hold the arrays of closed memories for the next ones, but never cost anyone a reservation,
 * never hold more than half the budget, and are all zero.
 */
class MemoryReservationsTest {
    private static final int MIB = 1 << 20;

    @Test
    void aRecycledArrayIsZeroedKeptAndHandedToAMemoryItFits() {
        MemoryReservations budget = new MemoryReservations(16L * MIB);
        assertThat(budget.tryReserve(2 * MIB)).isTrue();
        byte[] array = new byte[2 * MIB];
        java.util.Arrays.fill(array, 0, MIB + 3, (byte) 7);

        budget.recycle(array, MIB + 3);
        assertThat(budget.reserved()).isZero();
        assertThat(budget.spareBytes()).isEqualTo(2 * MIB);

        assertThat(budget.takeSpare(3 * MIB, 8 * MIB)).isNull(); // too small
        assertThat(budget.takeSpare(MIB, MIB)).isNull(); // past that memory's maximum
        byte[] taken = budget.takeSpare(MIB, 4 * MIB);
        assertThat(taken).isSameAs(array).containsOnly(0);
        assertThat(budget.reserved()).isEqualTo(2 * MIB);
        assertThat(budget.spareBytes()).isZero();
    }

    @Test
    void smallArraysAreReleasedNotKept() {
        MemoryReservations budget = new MemoryReservations(16L * MIB);
        assertThat(budget.tryReserve(64 * 1024)).isTrue();
        budget.recycle(new byte[64 * 1024], 64 * 1024);
        assertThat(budget.spareBytes()).isZero();
        assertThat(budget.reserved()).isZero();
        assertThat(budget.tryReserve(16L * MIB)).isTrue();
    }

    @Test
    void sparesHoldAtMostHalfTheBudget() {
        MemoryReservations budget = new MemoryReservations(8L * MIB);
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryReserve(2 * MIB)).isTrue();
        }
        for (int i = 0; i < 4; i++) {
            budget.recycle(new byte[2 * MIB], 0);
        }
        assertThat(budget.spareBytes()).isEqualTo(4L * MIB);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aReservationThatMeetsTheLimitDropsSparesInsteadOfBeingRefused() {
        MemoryReservations budget = new MemoryReservations(8L * MIB);
        assertThat(budget.tryReserve(4L * MIB)).isTrue();
        budget.recycle(new byte[4 * MIB], 0);
        assertThat(budget.spareBytes()).isEqualTo(4L * MIB);

        assertThat(budget.tryReserve(8L * MIB)).isTrue();
        assertThat(budget.refusals()).isZero();
        assertThat(budget.spareBytes()).isZero();
        assertThat(budget.reserved()).isEqualTo(8L * MIB);

        // Without spares to drop, the limit holds.
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.refusals()).isOne();
    }
}
