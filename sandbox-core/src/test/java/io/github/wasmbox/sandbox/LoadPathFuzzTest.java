/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wasmbox.policy.PluginPolicy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the load path: arbitrary bytes either load (and are unloaded again) or fail with a {@link
 * PluginException}; any other throwable, an {@link OutOfMemoryError} included, fails the test. In
 * the normal build this replays the regression corpus under {@code LoadPathFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class LoadPathFuzzTest {
    private static final PluginRuntime runtime = PluginRuntime.builder().build();
    private static final PluginPolicy policy = Fixtures.relaxed();
    private static final AtomicInteger names = new AtomicInteger();

    @AfterAll
    static void close() {
        runtime.close();
    }

    @FuzzTest(maxDuration = "60s")
    void anyBytesLoadOrFailWithPluginLoadException(byte[] bytes) {
        String name = "fuzz-" + names.incrementAndGet();
        try {
            runtime.load(name, PluginSource.bytes(bytes), policy);
            runtime.unload(name);
        } catch (PluginException expected) {
            // A refusal is the contract; everything else escapes and fails the test.
        }
    }
}
