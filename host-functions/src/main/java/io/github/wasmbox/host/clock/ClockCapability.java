/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.clock;

import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.policy.ClockPolicy;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@code wasmbox:clock}: wall-clock and monotonic time as the policy's clock mode allows.
 *
 * <ul>
 *   <li>{@code system}: the host's clocks;
 *   <li>{@code coarsened}: both rounded down to a multiple of the policy's resolution, which blunts
 *       timing side channels;
 *   <li>{@code fixed}: the wall clock always reads the fixed instant and the monotonic clock stands
 *       still at 0, for reproducible runs.
 * </ul>
 *
 * <p>Thread-safe.
 */
@HostModule("wasmbox:clock")
public final class ClockCapability {
    private final Clock wallClock;
    private final LongSupplier ticker;

    /** The host's system clock and {@link System#nanoTime()}. */
    public ClockCapability() {
        this(builder());
    }

    private ClockCapability(Builder builder) {
        this.wallClock = builder.wallClock;
        this.ticker = builder.ticker;
    }

    /** Returns a builder that starts from the host's clocks. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code now_millis() -> i64}: milliseconds since the Unix epoch. */
    @HostFunction
    public long nowMillis(HostCall call) {
        ClockPolicy clock = call.policy().clock();
        switch (clock.mode()) {
            case FIXED:
                return clock.fixedInstant().orElseThrow().toEpochMilli();
            case COARSENED:
                return floor(wallClock.millis(), Math.max(1, clock.resolution().toMillis()));
            default:
                return wallClock.millis();
        }
    }

    /** {@code monotonic_nanos() -> i64}: a monotonic reading in nanoseconds. */
    @HostFunction
    public long monotonicNanos(HostCall call) {
        ClockPolicy clock = call.policy().clock();
        switch (clock.mode()) {
            case FIXED:
                return 0;
            case COARSENED:
                return floor(ticker.getAsLong(), clock.resolution().toNanos());
            default:
                return ticker.getAsLong();
        }
    }

    private static long floor(long value, long resolution) {
        return Math.floorDiv(value, resolution) * resolution;
    }

    /** Builds a {@link ClockCapability}. Not thread-safe; the capability it builds is. */
    public static final class Builder {
        private Clock wallClock = Clock.systemUTC();
        private LongSupplier ticker = System::nanoTime;

        private Builder() {}

        /** The wall clock behind {@code system} and {@code coarsened} modes. */
        public Builder wallClock(Clock wallClock) {
            this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /** The monotonic nanosecond source; default {@link System#nanoTime()}. */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Returns the capability. */
        public ClockCapability build() {
            return new ClockCapability(this);
        }
    }
}
