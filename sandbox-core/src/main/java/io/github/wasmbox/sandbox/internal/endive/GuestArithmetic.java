/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import run.endive.runtime.WasmRuntimeException;

/**
 * Wasm's unsigned 64-bit division and remainder, called by generated code in place of Endive's
 * {@code OpcodeImpl.I64_DIV_U/I64_REM_U}: same results, same trap. JDK 17's {@code
 * Long.divideUnsigned} and {@code remainderUnsigned} go through {@code BigInteger} whenever the
 * dividend's top bit is set, which hashing code does on every other operation; here a signed
 * division of the halved dividend and one correction step do it (Hacker's Delight, 9-3). Public
 * only because generated classes in their own class loader call it; the package is not exported.
 * Stateless and thread-safe.
 */
public final class GuestArithmetic {
    private GuestArithmetic() {}

    /**
     * {@code i64.div_u}.
     *
     * @throws WasmRuntimeException "integer divide by zero", as Endive's own does
     */
    public static long i64DivU(long dividend, long divisor) {
        if (divisor == 0) {
            throw divideByZero();
        }
        if (divisor < 0) { // 2^63 or more: the quotient is 0 or 1
            return Long.compareUnsigned(dividend, divisor) < 0 ? 0 : 1;
        }
        if (dividend >= 0) {
            return dividend / divisor;
        }
        long quotient = ((dividend >>> 1) / divisor) << 1;
        long remainder = dividend - quotient * divisor;
        return quotient + (Long.compareUnsigned(remainder, divisor) >= 0 ? 1 : 0);
    }

    /**
     * {@code i64.rem_u}.
     *
     * @throws WasmRuntimeException "integer divide by zero", as Endive's own does
     */
    public static long i64RemU(long dividend, long divisor) {
        if (divisor == 0) {
            throw divideByZero();
        }
        if (divisor < 0) {
            return Long.compareUnsigned(dividend, divisor) < 0 ? dividend : dividend - divisor;
        }
        if (dividend >= 0) {
            return dividend % divisor;
        }
        long quotient = ((dividend >>> 1) / divisor) << 1;
        long remainder = dividend - quotient * divisor;
        return Long.compareUnsigned(remainder, divisor) >= 0 ? remainder - divisor : remainder;
    }

    private static WasmRuntimeException divideByZero() {
        return new WasmRuntimeException("integer divide by zero");
    }
}
