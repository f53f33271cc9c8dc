/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How one plugin's calls are recorded ({@code PluginRuntime.Builder.record}): where records go,
 * which calls are kept, and how large records may grow. Recording is off unless configured; a
 * plugin without it pays one null check per call and per host call.
 *
 * <p>Caps: a record whose JSON is over {@link Builder#maxRecordBytes} is kept {@linkplain
 * CallRecord#truncate() truncated} (what it called and used, without its data) if that fits, and
 * dropped otherwise; once a plugin's records total {@link Builder#maxPluginBytes} (counted since
 * the runtime was built), further records are dropped. Every drop is counted by reason ({@code
 * PluginRuntime.recordingStats}). Immutable and thread-safe.
 */
public final class Recording {
    private final RecordSink sink;
    private final double sampleRate;
    private final boolean failedOnly;
    private final int maxRecordBytes;
    private final long maxPluginBytes;
    private final UnaryOperator<CallRecord> redactor;

    private Recording(Builder builder) {
        this.sink = builder.sink;
        this.sampleRate = builder.sampleRate;
        this.failedOnly = builder.failedOnly;
        this.maxRecordBytes = builder.maxRecordBytes;
        this.maxPluginBytes = builder.maxPluginBytes;
        this.redactor = builder.redactor;
    }

    /** A recording into {@code sink}; every call, 1 MiB per record, 64 MiB per plugin. */
    public static Builder to(RecordSink sink) {
        return new Builder(sink);
    }

    public RecordSink sink() {
        return sink;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public boolean failedOnly() {
        return failedOnly;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public long maxPluginBytes() {
        return maxPluginBytes;
    }

    /** The redaction hook, applied to each record before it is measured and written. */
    public UnaryOperator<CallRecord> redactor() {
        return redactor;
    }

    /** Configures a {@link Recording}. Not thread-safe. */
    public static final class Builder {
        private final RecordSink sink;
        private double sampleRate = 1.0;
        private boolean failedOnly;
        private int maxRecordBytes = 1 << 20;
        private long maxPluginBytes = 64L << 20;
        private UnaryOperator<CallRecord> redactor = UnaryOperator.identity();

        private Builder(RecordSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /**
         * The share of calls recorded, chosen at random when a call starts: 0 records none, 1 (the
         * default) every call.
         */
        public Builder sampleRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(
                        "sampleRate must be between 0 and 1, got " + rate);
            }
            this.sampleRate = rate;
            return this;
        }

        /** When true, only calls that did not succeed are kept. Default: false. */
        public Builder failedOnly(boolean failedOnly) {
            this.failedOnly = failedOnly;
            return this;
        }

        /** The largest record kept whole, as JSON, in bytes. Default: 1 MiB. */
        public Builder maxRecordBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException(
                        "maxRecordBytes must be at least 1024, got " + bytes);
            }
            this.maxRecordBytes = bytes;
            return this;
        }

        /** The most bytes of records one plugin writes. Default: 64 MiB. */
        public Builder maxPluginBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException(
                        "maxPluginBytes must be at least 1024, got " + bytes);
            }
            this.maxPluginBytes = bytes;
            return this;
        }

        /**
         * A hook that masks what must not be stored, such as config values: for example {@code r ->
         * r.masking(f -> f.equals("wasmbox:config/get"), "***")}. Runs on the call thread.
         */
        public Builder redact(UnaryOperator<CallRecord> redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        public Recording build() {
            return new Recording(this);
        }
    }
}
