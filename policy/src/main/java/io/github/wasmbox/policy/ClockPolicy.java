/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What time a plugin sees, through WASI {@code clock_time_get} and {@code wasmbox:clock}: the
 * host's clock, the host's clock coarsened to a resolution (which blunts timing side channels), or
 * a fixed instant for reproducible runs.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClockPolicy {
    /** How the clock behaves. */
    public enum Mode {
        /** The host's clock at full resolution. */
        SYSTEM,
        /** The host's clock, rounded down to a multiple of {@link #resolution()}. */
        COARSENED,
        /** Always {@link #fixedInstant()}; the monotonic clock stands still. */
        FIXED
    }

    private static final ClockPolicy SYSTEM = new ClockPolicy(Mode.SYSTEM, Duration.ZERO, null);

    private final Mode mode;
    private final Duration resolution;
    private final Optional<Instant> fixedInstant;

    private ClockPolicy(Mode mode, Duration resolution, @Nullable Instant fixedInstant) {
        this.mode = mode;
        this.resolution = resolution;
        this.fixedInstant = Optional.ofNullable(fixedInstant);
    }

    /** Returns the host's clock at full resolution. */
    public static ClockPolicy system() {
        return SYSTEM;
    }

    /**
     * Returns the host's clock rounded down to a multiple of {@code resolution}.
     *
     * @throws IllegalArgumentException if the resolution is not positive
     */
    public static ClockPolicy coarsened(Duration resolution) {
        Objects.requireNonNull(resolution, "resolution");
        if (resolution.isZero() || resolution.isNegative()) {
            throw new IllegalArgumentException(
                    "clock resolution must be positive but was "
                            + Units.formatDuration(resolution));
        }
        return new ClockPolicy(Mode.COARSENED, resolution, null);
    }

    /** Returns a clock that always reads {@code instant}. */
    public static ClockPolicy fixed(Instant instant) {
        return new ClockPolicy(
                Mode.FIXED, Duration.ZERO, Objects.requireNonNull(instant, "instant"));
    }

    /** Returns how the clock behaves. */
    public Mode mode() {
        return mode;
    }

    /** Returns the resolution of a {@link Mode#COARSENED} clock, otherwise zero. */
    public Duration resolution() {
        return resolution;
    }

    /** Returns the instant of a {@link Mode#FIXED} clock, otherwise empty. */
    public Optional<Instant> fixedInstant() {
        return fixedInstant;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClockPolicy)) {
            return false;
        }
        ClockPolicy that = (ClockPolicy) o;
        return mode == that.mode
                && resolution.equals(that.resolution)
                && fixedInstant.equals(that.fixedInstant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, resolution, fixedInstant);
    }

    @Override
    public String toString() {
        switch (mode) {
            case COARSENED:
                return "coarsened(" + Units.formatDuration(resolution) + ")";
            case FIXED:
                return "fixed(" + fixedInstant.orElseThrow() + ")";
            default:
                return "system";
        }
    }
}
