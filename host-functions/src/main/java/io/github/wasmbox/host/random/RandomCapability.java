/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.random;

import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.policy.RandomPolicy;
import io.github.wasmbox.sandbox.spi.ErrorCode;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * {@code wasmbox:random}: random bytes from the host's {@link SecureRandom}, or, when the policy is
 * seeded, from a {@link SplittableRandom} that restarts from the seed at every call, so the same
 * call with the same input sees the same bytes (never use a seeded policy for secrets).
 *
 * <p>Thread-safe.
 */
@HostModule("wasmbox:random")
public final class RandomCapability {
    /**
     * Fuel per byte filled, on top of the per-call and per-byte-moved charges: generating a byte
     * with {@link SecureRandom} costs the host about what 64 guest instructions do, the same price
     * as WASI {@code random_get} (measured by {@code WasiFuelBenchmark}).
     */
    static final long FUEL_PER_BYTE = 64;

    private final SecureRandom secure = new SecureRandom();

    /** A call's seeded stream; the seed is taken from the first policy that asks for it. */
    private static final class SeededStream {
        private SplittableRandom random;

        synchronized void fill(long seed, byte[] bytes) {
            if (random == null) {
                random = new SplittableRandom(seed);
            }
            random.nextBytes(bytes);
        }
    }

    /** A random capability backed by a new {@link SecureRandom}. */
    public RandomCapability() {}

    /**
     * {@code fill(ptr: i32, len: i32) -> i32}: fills {@code len} bytes at {@code ptr}; returns 0,
     * or {@code TOO_LARGE} when {@code len} exceeds {@code max-host-result}. A range outside guest
     * memory traps. Charges {@value #FUEL_PER_BYTE} fuel per byte filled.
     */
    @HostFunction
    public int fill(HostCall call, int ptr, int len) {
        long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
        if (end > call.memory().size()) {
            // Checked before the cap and before allocating: a bad pointer always traps.
            throw new GuestMemoryException(
                    "random fill range ends at "
                            + end
                            + ", outside guest memory of "
                            + call.memory().size()
                            + " bytes",
                    false);
        }
        int cap = call.policy().limits().maxHostResultBytes();
        if (Integer.toUnsignedLong(len) > cap) {
            return call.error(
                    ErrorCode.TOO_LARGE,
                    "cannot fill "
                            + Integer.toUnsignedString(len)
                            + " bytes: max-host-result is "
                            + cap
                            + " bytes");
        }
        call.charge(FUEL_PER_BYTE * len);
        byte[] bytes = new byte[len];
        RandomPolicy policy = call.policy().random();
        if (policy.isSeeded()) {
            call.attachment(this, SeededStream::new).fill(policy.seed().getAsLong(), bytes);
        } else {
            secure.nextBytes(bytes);
        }
        call.memory().write(ptr, bytes);
        return 0;
    }
}
