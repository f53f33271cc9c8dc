/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The hard quotas a plugin runs under. Every value is validated when it is set; a value out of
 * range throws {@link IllegalArgumentException} whose message names the field and the allowed
 * range, for example {@code "fuel must be at least 1 but was 0"}.
 *
 * <p>Immutable and thread-safe. {@link #equals} compares the values only.
 */
public final class Limits {
    private static final Limits DEFAULTS = new Builder().build();

    private final long fuel;
    private final long instantiationFuel;
    private final long maxMemoryBytes;
    private final int maxTableElements;
    private final Duration timeout;
    private final long stackSizeBytes;
    private final int maxInputBytes;
    private final int maxOutputBytes;
    private final int maxLogBytes;
    private final int maxHostResultBytes;
    private final int maxStdoutBytes;
    private final int maxStderrBytes;
    private final int maxOpenFiles;
    private final long maxBytesWritten;
    private final int poolSize;
    private final Duration acquireTimeout;
    private final int quarantineAfter;
    private final StateMode stateMode;
    private final Set<LimitField> explicitlySet;

    private Limits(Builder builder) {
        fuel = builder.fuel;
        instantiationFuel = builder.instantiationFuel;
        maxMemoryBytes = builder.maxMemoryBytes;
        maxTableElements = builder.maxTableElements;
        timeout = builder.timeout;
        stackSizeBytes = builder.stackSizeBytes;
        maxInputBytes = builder.maxInputBytes;
        maxOutputBytes = builder.maxOutputBytes;
        maxLogBytes = builder.maxLogBytes;
        maxHostResultBytes = builder.maxHostResultBytes;
        maxStdoutBytes = builder.maxStdoutBytes;
        maxStderrBytes = builder.maxStderrBytes;
        maxOpenFiles = builder.maxOpenFiles;
        maxBytesWritten = builder.maxBytesWritten;
        poolSize = builder.poolSize;
        acquireTimeout = builder.acquireTimeout;
        quarantineAfter = builder.quarantineAfter;
        stateMode = builder.stateMode;
        explicitlySet = Collections.unmodifiableSet(EnumSet.copyOf(builder.explicitlySet));
    }

    /** Returns the default limits, documented on each accessor. */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** Returns a builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Instructions one call may execute (fuel); default 50,000,000, at least 1. */
    public long fuel() {
        return fuel;
    }

    /**
     * Fuel for instantiating the module (start function and {@code _initialize}); default
     * 10,000,000, at least 1.
     */
    public long instantiationFuel() {
        return instantiationFuel;
    }

    /**
     * The maximum size of each linear memory in bytes; default 16 MiB, at least 64 KiB. The runtime
     * rounds it down to whole 64 KiB pages.
     */
    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /** The maximum number of elements of each table; default 10,000, at least 0. */
    public int maxTableElements() {
        return maxTableElements;
    }

    /**
     * The wall-clock budget of one call, covering instantiation, guest code and blocking host
     * calls; default 250 ms, positive.
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The JVM stack a call may use, of which the guest's own frames may take half; a call runs on
     * its caller's thread when that thread may be assumed to have this much, otherwise on a thread
     * created with it. Default 1 MiB, 64 KiB to 1 GiB.
     */
    public long stackSizeBytes() {
        return stackSizeBytes;
    }

    /** The largest input a call accepts; default 1 MiB. */
    public int maxInputBytes() {
        return maxInputBytes;
    }

    /** The largest output (and error message) a call may produce; default 1 MiB. */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    /** The log bytes one call may write; default 64 KiB. */
    public int maxLogBytes() {
        return maxLogBytes;
    }

    /** The largest value one host function may return to the guest; default 1 MiB. */
    public int maxHostResultBytes() {
        return maxHostResultBytes;
    }

    /** The bytes of WASI stdout kept per call; default 64 KiB. */
    public int maxStdoutBytes() {
        return maxStdoutBytes;
    }

    /** The bytes of WASI stderr kept per call; default 64 KiB. */
    public int maxStderrBytes() {
        return maxStderrBytes;
    }

    /** The files a plugin may hold open at once, not counting stdio; default 16. */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    /** The bytes a plugin may write to preopened files per instance; default 1 MiB. */
    public long maxBytesWritten() {
        return maxBytesWritten;
    }

    /** The number of instances that serve calls concurrently; default 4, 1 to 1024. */
    public int poolSize() {
        return poolSize;
    }

    /**
     * How long a call waits for a free instance before it fails; default 1 s, zero means do not
     * wait.
     */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /**
     * After how many calls in a row that the sandbox stopped (a trap, a denial, or a fuel, memory,
     * table, stack, output or time quota) the plugin is quarantined: its calls then run one at a
     * time, the others waiting for the pool ({@link #acquireTimeout()}), until a call succeeds or
     * the plugin reports a failure of its own. Default 5; zero never quarantines.
     *
     * <p>A plugin that burns its whole budget on every call thus takes at most one core, however
     * many callers ask for it, instead of one per pool instance.
     */
    public int quarantineAfter() {
        return quarantineAfter;
    }

    /** Whether state survives between calls; default {@link StateMode#PRISTINE}. */
    public StateMode stateMode() {
        return stateMode;
    }

    /** Returns a field by its descriptor: a Long, a Duration or the StateMode. */
    Object value(LimitField field) {
        Limits l = this;
        switch (field) {
            case FUEL:
                return l.fuel();
            case INSTANTIATION_FUEL:
                return l.instantiationFuel();
            case MAX_MEMORY_BYTES:
                return l.maxMemoryBytes();
            case MAX_TABLE_ELEMENTS:
                return (long) l.maxTableElements();
            case TIMEOUT:
                return l.timeout();
            case STACK_SIZE_BYTES:
                return l.stackSizeBytes();
            case MAX_INPUT_BYTES:
                return (long) l.maxInputBytes();
            case MAX_OUTPUT_BYTES:
                return (long) l.maxOutputBytes();
            case MAX_LOG_BYTES:
                return (long) l.maxLogBytes();
            case MAX_HOST_RESULT_BYTES:
                return (long) l.maxHostResultBytes();
            case MAX_STDOUT_BYTES:
                return (long) l.maxStdoutBytes();
            case MAX_STDERR_BYTES:
                return (long) l.maxStderrBytes();
            case MAX_OPEN_FILES:
                return (long) l.maxOpenFiles();
            case MAX_BYTES_WRITTEN:
                return l.maxBytesWritten();
            case POOL_SIZE:
                return (long) l.poolSize();
            case ACQUIRE_TIMEOUT:
                return l.acquireTimeout();
            case QUARANTINE_AFTER:
                return (long) l.quarantineAfter();
            default:
                return l.stateMode();
        }
    }

    /** The fields that were given a value rather than inherited from the defaults. */
    Set<LimitField> explicitlySet() {
        return explicitlySet;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Limits)) {
            return false;
        }
        Limits that = (Limits) o;
        return fuel == that.fuel
                && instantiationFuel == that.instantiationFuel
                && maxMemoryBytes == that.maxMemoryBytes
                && maxTableElements == that.maxTableElements
                && timeout.equals(that.timeout)
                && stackSizeBytes == that.stackSizeBytes
                && maxInputBytes == that.maxInputBytes
                && maxOutputBytes == that.maxOutputBytes
                && maxLogBytes == that.maxLogBytes
                && maxHostResultBytes == that.maxHostResultBytes
                && maxStdoutBytes == that.maxStdoutBytes
                && maxStderrBytes == that.maxStderrBytes
                && maxOpenFiles == that.maxOpenFiles
                && maxBytesWritten == that.maxBytesWritten
                && poolSize == that.poolSize
                && acquireTimeout.equals(that.acquireTimeout)
                && quarantineAfter == that.quarantineAfter
                && stateMode == that.stateMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                fuel,
                instantiationFuel,
                maxMemoryBytes,
                maxTableElements,
                timeout,
                stackSizeBytes,
                maxInputBytes,
                maxOutputBytes,
                maxLogBytes,
                maxHostResultBytes,
                maxStdoutBytes,
                maxStderrBytes,
                maxOpenFiles,
                maxBytesWritten,
                poolSize,
                acquireTimeout,
                quarantineAfter,
                stateMode);
    }

    @Override
    public String toString() {
        return "Limits{fuel="
                + fuel
                + ", instantiationFuel="
                + instantiationFuel
                + ", maxMemoryBytes="
                + maxMemoryBytes
                + ", maxTableElements="
                + maxTableElements
                + ", timeout="
                + Units.formatDuration(timeout)
                + ", stackSizeBytes="
                + stackSizeBytes
                + ", maxInputBytes="
                + maxInputBytes
                + ", maxOutputBytes="
                + maxOutputBytes
                + ", maxLogBytes="
                + maxLogBytes
                + ", maxHostResultBytes="
                + maxHostResultBytes
                + ", maxStdoutBytes="
                + maxStdoutBytes
                + ", maxStderrBytes="
                + maxStderrBytes
                + ", maxOpenFiles="
                + maxOpenFiles
                + ", maxBytesWritten="
                + maxBytesWritten
                + ", poolSize="
                + poolSize
                + ", acquireTimeout="
                + Units.formatDuration(acquireTimeout)
                + ", quarantineAfter="
                + quarantineAfter
                + ", stateMode="
                + stateMode
                + "}";
    }

    /**
     * Builds {@link Limits}. Each method validates its argument at once and throws {@link
     * IllegalArgumentException} naming the field and range.
     *
     * <p>Not thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private long fuel = 50_000_000;
        private long instantiationFuel = 10_000_000;
        private long maxMemoryBytes = 16L << 20;
        private int maxTableElements = 10_000;
        private Duration timeout = Duration.ofMillis(250);
        private long stackSizeBytes = 1L << 20;
        private int maxInputBytes = 1 << 20;
        private int maxOutputBytes = 1 << 20;
        private int maxLogBytes = 64 << 10;
        private int maxHostResultBytes = 1 << 20;
        private int maxStdoutBytes = 64 << 10;
        private int maxStderrBytes = 64 << 10;
        private int maxOpenFiles = 16;
        private long maxBytesWritten = 1L << 20;
        private int poolSize = 4;
        private Duration acquireTimeout = Duration.ofSeconds(1);
        private int quarantineAfter = 5;
        private StateMode stateMode = StateMode.PRISTINE;
        private final EnumSet<LimitField> explicitlySet = EnumSet.noneOf(LimitField.class);

        private Builder() {}

        private Builder(Limits limits) {
            fuel = limits.fuel;
            instantiationFuel = limits.instantiationFuel;
            maxMemoryBytes = limits.maxMemoryBytes;
            maxTableElements = limits.maxTableElements;
            timeout = limits.timeout;
            stackSizeBytes = limits.stackSizeBytes;
            maxInputBytes = limits.maxInputBytes;
            maxOutputBytes = limits.maxOutputBytes;
            maxLogBytes = limits.maxLogBytes;
            maxHostResultBytes = limits.maxHostResultBytes;
            maxStdoutBytes = limits.maxStdoutBytes;
            maxStderrBytes = limits.maxStderrBytes;
            maxOpenFiles = limits.maxOpenFiles;
            maxBytesWritten = limits.maxBytesWritten;
            poolSize = limits.poolSize;
            acquireTimeout = limits.acquireTimeout;
            quarantineAfter = limits.quarantineAfter;
            stateMode = limits.stateMode;
            explicitlySet.addAll(limits.explicitlySet);
        }

        /** Sets {@link Limits#fuel()}. */
        public Builder fuel(long fuel) {
            this.fuel = checked(LimitField.FUEL, fuel);
            return this;
        }

        /** Sets {@link Limits#instantiationFuel()}. */
        public Builder instantiationFuel(long instantiationFuel) {
            this.instantiationFuel = checked(LimitField.INSTANTIATION_FUEL, instantiationFuel);
            return this;
        }

        /** Sets {@link Limits#maxMemoryBytes()}. */
        public Builder maxMemoryBytes(long maxMemoryBytes) {
            this.maxMemoryBytes = checked(LimitField.MAX_MEMORY_BYTES, maxMemoryBytes);
            return this;
        }

        /** Sets {@link Limits#maxTableElements()}. */
        public Builder maxTableElements(int maxTableElements) {
            this.maxTableElements = (int) checked(LimitField.MAX_TABLE_ELEMENTS, maxTableElements);
            return this;
        }

        /** Sets {@link Limits#timeout()}. */
        public Builder timeout(Duration timeout) {
            this.timeout = checked(LimitField.TIMEOUT, timeout);
            return this;
        }

        /** Sets {@link Limits#stackSizeBytes()}. */
        public Builder stackSizeBytes(long stackSizeBytes) {
            this.stackSizeBytes = checked(LimitField.STACK_SIZE_BYTES, stackSizeBytes);
            return this;
        }

        /** Sets {@link Limits#maxInputBytes()}. */
        public Builder maxInputBytes(int maxInputBytes) {
            this.maxInputBytes = (int) checked(LimitField.MAX_INPUT_BYTES, maxInputBytes);
            return this;
        }

        /** Sets {@link Limits#maxOutputBytes()}. */
        public Builder maxOutputBytes(int maxOutputBytes) {
            this.maxOutputBytes = (int) checked(LimitField.MAX_OUTPUT_BYTES, maxOutputBytes);
            return this;
        }

        /** Sets {@link Limits#maxLogBytes()}. */
        public Builder maxLogBytes(int maxLogBytes) {
            this.maxLogBytes = (int) checked(LimitField.MAX_LOG_BYTES, maxLogBytes);
            return this;
        }

        /** Sets {@link Limits#maxHostResultBytes()}. */
        public Builder maxHostResultBytes(int maxHostResultBytes) {
            this.maxHostResultBytes =
                    (int) checked(LimitField.MAX_HOST_RESULT_BYTES, maxHostResultBytes);
            return this;
        }

        /** Sets {@link Limits#maxStdoutBytes()}. */
        public Builder maxStdoutBytes(int maxStdoutBytes) {
            this.maxStdoutBytes = (int) checked(LimitField.MAX_STDOUT_BYTES, maxStdoutBytes);
            return this;
        }

        /** Sets {@link Limits#maxStderrBytes()}. */
        public Builder maxStderrBytes(int maxStderrBytes) {
            this.maxStderrBytes = (int) checked(LimitField.MAX_STDERR_BYTES, maxStderrBytes);
            return this;
        }

        /** Sets {@link Limits#maxOpenFiles()}. */
        public Builder maxOpenFiles(int maxOpenFiles) {
            this.maxOpenFiles = (int) checked(LimitField.MAX_OPEN_FILES, maxOpenFiles);
            return this;
        }

        /** Sets {@link Limits#maxBytesWritten()}. */
        public Builder maxBytesWritten(long maxBytesWritten) {
            this.maxBytesWritten = checked(LimitField.MAX_BYTES_WRITTEN, maxBytesWritten);
            return this;
        }

        /** Sets {@link Limits#poolSize()}. */
        public Builder poolSize(int poolSize) {
            this.poolSize = (int) checked(LimitField.POOL_SIZE, poolSize);
            return this;
        }

        /** Sets {@link Limits#acquireTimeout()}. */
        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = checked(LimitField.ACQUIRE_TIMEOUT, acquireTimeout);
            return this;
        }

        /** Sets {@link Limits#quarantineAfter()}. */
        public Builder quarantineAfter(int quarantineAfter) {
            this.quarantineAfter = (int) checked(LimitField.QUARANTINE_AFTER, quarantineAfter);
            return this;
        }

        /** Sets {@link Limits#stateMode()}. */
        public Builder stateMode(StateMode stateMode) {
            this.stateMode = Objects.requireNonNull(stateMode, "stateMode");
            explicitlySet.add(LimitField.STATE_MODE);
            return this;
        }

        /** Sets a count or size field by its descriptor; the value must already be in range. */
        Builder set(LimitField field, long value) {
            switch (field) {
                case FUEL:
                    return fuel(value);
                case INSTANTIATION_FUEL:
                    return instantiationFuel(value);
                case MAX_MEMORY_BYTES:
                    return maxMemoryBytes(value);
                case MAX_TABLE_ELEMENTS:
                    return maxTableElements(Math.toIntExact(value));
                case STACK_SIZE_BYTES:
                    return stackSizeBytes(value);
                case MAX_INPUT_BYTES:
                    return maxInputBytes(Math.toIntExact(value));
                case MAX_OUTPUT_BYTES:
                    return maxOutputBytes(Math.toIntExact(value));
                case MAX_LOG_BYTES:
                    return maxLogBytes(Math.toIntExact(value));
                case MAX_HOST_RESULT_BYTES:
                    return maxHostResultBytes(Math.toIntExact(value));
                case MAX_STDOUT_BYTES:
                    return maxStdoutBytes(Math.toIntExact(value));
                case MAX_STDERR_BYTES:
                    return maxStderrBytes(Math.toIntExact(value));
                case MAX_OPEN_FILES:
                    return maxOpenFiles(Math.toIntExact(value));
                case MAX_BYTES_WRITTEN:
                    return maxBytesWritten(value);
                case POOL_SIZE:
                    return poolSize(Math.toIntExact(value));
                case QUARANTINE_AFTER:
                    return quarantineAfter(Math.toIntExact(value));
                default:
                    throw new IllegalArgumentException(field.javaName() + " is not a number");
            }
        }

        /** Sets a duration field by its descriptor; the value must already be in range. */
        Builder set(LimitField field, Duration value) {
            switch (field) {
                case TIMEOUT:
                    return timeout(value);
                case ACQUIRE_TIMEOUT:
                    return acquireTimeout(value);
                default:
                    throw new IllegalArgumentException(field.javaName() + " is not a duration");
            }
        }

        /** Returns the limits; the builder may be reused. */
        public Limits build() {
            return new Limits(this);
        }

        private long checked(LimitField field, long value) {
            field.checked(value);
            explicitlySet.add(field);
            return value;
        }

        private Duration checked(LimitField field, Duration value) {
            field.checked(value);
            explicitlySet.add(field);
            return value;
        }
    }
}
