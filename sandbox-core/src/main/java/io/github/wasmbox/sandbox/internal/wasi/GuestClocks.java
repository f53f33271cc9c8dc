/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.policy.ClockPolicy;
import java.time.Instant;

/**
 * The clocks a guest reads, per its policy: the host's, coarsened to a resolution, or frozen. The
 * monotonic clock counts from the instance's creation rather than the host's boot, so it does not
 * reveal the host's uptime. CPU-time clocks are never offered: they would time the host's other
 * work.
 *
 * <p>Thread-safe and immutable.
 */
public final class GuestClocks {
    /** WASI clock ids. */
    public static final int REALTIME = 0;

    public static final int MONOTONIC = 1;

    private final ClockPolicy policy;
    private final long resolutionNanos;
    private final long origin = System.nanoTime();

    public GuestClocks(ClockPolicy policy) {
        this.policy = policy;
        switch (policy.mode()) {
            case COARSENED:
                resolutionNanos = Math.max(1, policy.resolution().toNanos());
                break;
            case FIXED:
                resolutionNanos = 1_000_000_000L;
                break;
            default:
                resolutionNanos = 1;
                break;
        }
    }

    /** Whether the guest may read clock {@code id}: realtime and monotonic only. */
    public static boolean offered(int id) {
        return id == REALTIME || id == MONOTONIC;
    }

    /** The resolution the guest is told, in nanoseconds. */
    public long resolutionNanos() {
        return resolutionNanos;
    }

    /** The time of an offered clock, in nanoseconds. */
    public long now(int id) {
        if (policy.mode() == ClockPolicy.Mode.FIXED) {
            return id == REALTIME ? nanos(policy.fixedInstant().orElseThrow()) : 0;
        }
        long value = id == REALTIME ? nanos(Instant.now()) : System.nanoTime() - origin;
        return value - Math.floorMod(value, resolutionNanos);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
