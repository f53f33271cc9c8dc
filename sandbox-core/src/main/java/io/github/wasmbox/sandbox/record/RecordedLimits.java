/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.StateMode;
import java.time.Duration;

/**
 * The effective {@link Limits} a recorded call ran under, in a form that travels as JSON.
 * Immutable.
 */
public record RecordedLimits(
        long fuel,
        long instantiationFuel,
        long maxMemoryBytes,
        int maxTableElements,
        long timeoutMillis,
        long stackSizeBytes,
        int maxInputBytes,
        int maxOutputBytes,
        int maxLogBytes,
        int maxHostResultBytes,
        int maxStdoutBytes,
        int maxStderrBytes,
        int maxOpenFiles,
        long maxBytesWritten,
        String stateMode) {

    /** The record form of {@code limits}. */
    public static RecordedLimits of(Limits limits) {
        return new RecordedLimits(
                limits.fuel(),
                limits.instantiationFuel(),
                limits.maxMemoryBytes(),
                limits.maxTableElements(),
                limits.timeout().toMillis(),
                limits.stackSizeBytes(),
                limits.maxInputBytes(),
                limits.maxOutputBytes(),
                limits.maxLogBytes(),
                limits.maxHostResultBytes(),
                limits.maxStdoutBytes(),
                limits.maxStderrBytes(),
                limits.maxOpenFiles(),
                limits.maxBytesWritten(),
                limits.stateMode().name());
    }

    /** These limits as {@link Limits} again (pool size and acquire timeout at their defaults). */
    public Limits toLimits() {
        return Limits.builder()
                .fuel(fuel)
                .instantiationFuel(instantiationFuel)
                .maxMemoryBytes(maxMemoryBytes)
                .maxTableElements(maxTableElements)
                .timeout(Duration.ofMillis(timeoutMillis))
                .stackSizeBytes(stackSizeBytes)
                .maxInputBytes(maxInputBytes)
                .maxOutputBytes(maxOutputBytes)
                .maxLogBytes(maxLogBytes)
                .maxHostResultBytes(maxHostResultBytes)
                .maxStdoutBytes(maxStdoutBytes)
                .maxStderrBytes(maxStderrBytes)
                .maxOpenFiles(maxOpenFiles)
                .maxBytesWritten(maxBytesWritten)
                .stateMode(StateMode.valueOf(stateMode))
                .build();
    }
}
