/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import io.github.wasmbox.sandbox.CallResult;

/** Entry points of wasmbox's AssertJ assertions. */
public final class WasmboxAssertions {
    private WasmboxAssertions() {}

    /** Assertions on a call's output, fuel and memory. */
    public static CallResultAssert assertThat(CallResult result) {
        return new CallResultAssert(result);
    }

    /** Assertions on what the policy denied the plugin in the current test. */
    public static DenialsAssert assertThat(WasmboxExtension extension) {
        return new DenialsAssert(extension);
    }
}
