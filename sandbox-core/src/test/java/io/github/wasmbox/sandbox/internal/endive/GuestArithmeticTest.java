/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import run.endive.runtime.OpcodeImpl;
import run.endive.runtime.WasmRuntimeException;

/** Unsigned 64-bit division agrees with the JDK's (and so Endive's) on every kind of operand. */
class GuestArithmeticTest {
    private static final long[] EDGES = {
        1,
        2,
        3,
        7,
        10,
        Integer.MAX_VALUE,
        0xFFFF_FFFFL,
        Long.MAX_VALUE,
        Long.MAX_VALUE - 1,
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1,
        -1,
        -2,
        -3,
        0x8000_0000_0000_0001L,
        0xDEAD_BEEF_CAFE_F00DL
    };

    @Test
    void edgesMatchTheJdk() {
        for (long dividend : EDGES) {
            check(0, dividend == 0 ? 1 : dividend);
            for (long divisor : EDGES) {
                check(dividend, divisor);
            }
        }
    }

    @Test
    void randomOperandsOfEveryMagnitudeMatchTheJdk() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 2_000_000; i++) {
            // Random bit lengths, so that small divisors and top-bit dividends both occur often.
            long dividend = random.nextLong() >>> random.nextInt(64);
            long divisor = random.nextLong() >>> random.nextInt(64);
            if (divisor != 0) {
                check(dividend, divisor);
            }
        }
    }

    @Test
    void divisionByZeroTrapsAsEndiveDoes() {
        String message = catchMessage(() -> OpcodeImpl.I64_DIV_U(5, 0));
        assertThatThrownBy(() -> GuestArithmetic.i64DivU(-5, 0))
                .isInstanceOf(WasmRuntimeException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> GuestArithmetic.i64RemU(5, 0))
                .isInstanceOf(WasmRuntimeException.class)
                .hasMessage(message);
    }

    private static String catchMessage(Runnable division) {
        try {
            division.run();
        } catch (WasmRuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no trap");
    }

    private static void check(long dividend, long divisor) {
        assertThat(GuestArithmetic.i64DivU(dividend, divisor))
                .as("%s / %s", Long.toUnsignedString(dividend), Long.toUnsignedString(divisor))
                .isEqualTo(Long.divideUnsigned(dividend, divisor));
        assertThat(GuestArithmetic.i64RemU(dividend, divisor))
                .as("%s %% %s", Long.toUnsignedString(dividend), Long.toUnsignedString(divisor))
                .isEqualTo(Long.remainderUnsigned(dividend, divisor));
    }
}
