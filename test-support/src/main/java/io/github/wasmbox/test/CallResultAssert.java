/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import io.github.wasmbox.sandbox.CallResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a {@link CallResult}: its output, fuel and peak memory. */
public final class CallResultAssert extends AbstractAssert<CallResultAssert, CallResult> {

    CallResultAssert(CallResult actual) {
        super(actual, CallResultAssert.class);
    }

    /** The output is {@code expected} in UTF-8. */
    public CallResultAssert hasOutput(String expected) {
        isNotNull();
        if (!Arrays.equals(actual.output(), expected.getBytes(StandardCharsets.UTF_8))) {
            failWithMessage("Expected output <%s> but was <%s>", expected, actual.outputAsString());
        }
        return this;
    }

    /** The call used at most {@code fuel}: a deterministic budget, the same on every machine. */
    public CallResultAssert usedFuelAtMost(long fuel) {
        isNotNull();
        if (actual.fuelConsumed() > fuel) {
            failWithMessage(
                    "Expected the call to use at most %d fuel but it used %d",
                    fuel, actual.fuelConsumed());
        }
        return this;
    }

    /** The plugin's linear memory peaked at no more than {@code bytes} during the call. */
    public CallResultAssert peakMemoryAtMost(long bytes) {
        isNotNull();
        if (actual.peakMemoryBytes() > bytes) {
            failWithMessage(
                    "Expected peak memory of at most %d bytes but it was %d",
                    bytes, actual.peakMemoryBytes());
        }
        return this;
    }
}
