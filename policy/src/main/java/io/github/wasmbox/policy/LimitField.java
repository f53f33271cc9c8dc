/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One field of {@link Limits}: its Java and file names, its kind and allowed range. The single
 * source of truth for validation messages, the policy-file keys and the {@code untrusted} check.
 */
enum LimitField {
    FUEL("fuel", "fuel", Kind.COUNT, 1, Long.MAX_VALUE, true),
    INSTANTIATION_FUEL(
            "instantiationFuel", "instantiation-fuel", Kind.COUNT, 1, Long.MAX_VALUE, false),
    MAX_MEMORY_BYTES("maxMemoryBytes", "max-memory", Kind.BYTES, 65_536, Long.MAX_VALUE, true),
    MAX_TABLE_ELEMENTS(
            "maxTableElements", "max-table-elements", Kind.COUNT, 0, Integer.MAX_VALUE, true),
    TIMEOUT("timeout", "timeout", Kind.POSITIVE_DURATION, 0, 0, true),
    STACK_SIZE_BYTES("stackSizeBytes", "stack-size", Kind.BYTES, 65_536, 1L << 30, false),
    MAX_INPUT_BYTES("maxInputBytes", "max-input", Kind.BYTES, 0, Integer.MAX_VALUE, false),
    MAX_OUTPUT_BYTES("maxOutputBytes", "max-output", Kind.BYTES, 0, Integer.MAX_VALUE, true),
    MAX_LOG_BYTES("maxLogBytes", "max-log", Kind.BYTES, 0, Integer.MAX_VALUE, false),
    MAX_HOST_RESULT_BYTES(
            "maxHostResultBytes", "max-host-result", Kind.BYTES, 0, Integer.MAX_VALUE, false),
    MAX_STDOUT_BYTES("maxStdoutBytes", "max-stdout", Kind.BYTES, 0, Integer.MAX_VALUE, false),
    MAX_STDERR_BYTES("maxStderrBytes", "max-stderr", Kind.BYTES, 0, Integer.MAX_VALUE, false),
    MAX_OPEN_FILES("maxOpenFiles", "max-open-files", Kind.COUNT, 0, Integer.MAX_VALUE, true),
    MAX_BYTES_WRITTEN("maxBytesWritten", "max-bytes-written", Kind.BYTES, 0, Long.MAX_VALUE, true),
    POOL_SIZE("poolSize", "pool-size", Kind.COUNT, 1, 1024, false),
    ACQUIRE_TIMEOUT("acquireTimeout", "acquire-timeout", Kind.NON_NEGATIVE_DURATION, 0, 0, false),
    QUARANTINE_AFTER(
            "quarantineAfter", "quarantine-after", Kind.COUNT, 0, Integer.MAX_VALUE, false),
    STATE_MODE("stateMode", "state-mode", Kind.STATE_MODE, 0, 0, false);

    enum Kind {
        COUNT,
        BYTES,
        POSITIVE_DURATION,
        NON_NEGATIVE_DURATION,
        STATE_MODE
    }

    private final String javaName;
    private final String fileKey;
    private final Kind kind;
    private final long min;
    private final long max;
    private final boolean quota;

    LimitField(String javaName, String fileKey, Kind kind, long min, long max, boolean quota) {
        this.javaName = javaName;
        this.fileKey = fileKey;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.quota = quota;
    }

    String javaName() {
        return javaName;
    }

    String fileKey() {
        return fileKey;
    }

    static LimitField ofFileKey(String fileKey) {
        for (LimitField field : values()) {
            if (field.fileKey.equals(fileKey)) {
                return field;
            }
        }
        throw new IllegalArgumentException("no limit named " + fileKey);
    }

    Kind kind() {
        return kind;
    }

    /** Whether {@link PluginPolicy#untrusted()} insists that this field is set explicitly. */
    boolean isQuota() {
        return quota;
    }

    /**
     * Returns the problem with {@code value}, such as {@code "must be at least 1"}, or null when it
     * is in range.
     */
    @Nullable String violation(long value) {
        if (value >= min && value <= max) {
            return null;
        }
        boolean unbounded = max == Long.MAX_VALUE || (max == Integer.MAX_VALUE && value < min);
        return unbounded ? "must be at least " + min : "must be between " + min + " and " + max;
    }

    /** Returns the problem with {@code value}, or null when it is in range. */
    @Nullable String violation(Duration value) {
        if (kind == Kind.POSITIVE_DURATION && (value.isZero() || value.isNegative())) {
            return "must be positive";
        }
        if (kind == Kind.NON_NEGATIVE_DURATION && value.isNegative()) {
            return "must not be negative";
        }
        return null;
    }

    long checked(long value) {
        String violation = violation(value);
        if (violation != null) {
            throw new IllegalArgumentException(javaName + " " + violation + " but was " + value);
        }
        return value;
    }

    Duration checked(Duration value) {
        Objects.requireNonNull(value, javaName);
        String violation = violation(value);
        if (violation != null) {
            throw new IllegalArgumentException(
                    javaName + " " + violation + " but was " + Units.formatDuration(value));
        }
        return value;
    }
}
