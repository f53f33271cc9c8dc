/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The outcome of a successful call: its output and what it cost. Immutable; accessors return copies
 * of byte arrays.
 */
public final class CallResult {
    private final byte[] output;
    private final Duration duration;
    private final long fuelConsumed;
    private final long peakMemoryBytes;
    private final byte[] stdout;
    private final byte[] stderr;

    /** Created by the runtime; public so that tests and host integrations can build one. */
    public CallResult(
            byte[] output,
            Duration duration,
            long fuelConsumed,
            long peakMemoryBytes,
            byte[] stdout,
            byte[] stderr) {
        this.output = output;
        this.duration = duration;
        this.fuelConsumed = fuelConsumed;
        this.peakMemoryBytes = peakMemoryBytes;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The bytes the plugin produced ({@code output_write}, or stdout in command mode). */
    public byte[] output() {
        return output.clone();
    }

    /** The output decoded as UTF-8. */
    public String outputAsString() {
        return new String(output, StandardCharsets.UTF_8);
    }

    /** Wall-clock time from acquiring an instance to the result, instantiation included. */
    public Duration duration() {
        return duration;
    }

    /**
     * The fuel the call consumed: instructions executed by the guest plus host-call charges.
     * Deterministic for the same module and input; {@code 0} when metering is off.
     */
    public long fuelConsumed() {
        return fuelConsumed;
    }

    /** The largest linear-memory size the instance reached during the call, in bytes. */
    public long peakMemoryBytes() {
        return peakMemoryBytes;
    }

    /** What the plugin wrote to WASI stdout (capped by policy); empty in command mode. */
    public byte[] stdout() {
        return stdout.clone();
    }

    /** What the plugin wrote to WASI stderr (capped by policy). */
    public byte[] stderr() {
        return stderr.clone();
    }

    @Override
    public String toString() {
        return "CallResult[output="
                + output.length
                + " bytes, duration="
                + duration
                + ", fuel="
                + fuelConsumed
                + ", peakMemory="
                + peakMemoryBytes
                + " bytes]";
    }
}
