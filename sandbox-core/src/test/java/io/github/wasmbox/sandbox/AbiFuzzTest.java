/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wasmbox.policy.PreopenGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the host side of the ABI and WASI: {@code wat/abi_fuzz.wat} calls host functions with the
 * pointers, lengths, descriptors and flags the fuzzer chooses (see that file for the encoding).
 * Every call must return or fail with a {@link PluginException}; any other throwable fails the
 * test. Regression corpus under {@code AbiFuzzTestInputs/}.
 */
class AbiFuzzTest {
    private static final PluginRuntime runtime = PluginRuntime.builder().build();
    private static final Plugin plugin =
            runtime.load(
                    "abi-fuzz",
                    Fixtures.source("abi_fuzz"),
                    Fixtures.limits(
                                    l ->
                                            l.timeout(Duration.ofMillis(500))
                                                    .maxOpenFiles(4)
                                                    .maxBytesWritten(8192)
                                                    .maxHostResultBytes(4096)
                                                    .maxOutputBytes(4096)
                                                    .maxStdoutBytes(4096)
                                                    .maxStderrBytes(4096))
                            .toBuilder()
                            .args("fuzz")
                            .allowEnv("REGION", "eu")
                            .stdin("stdin".getBytes(StandardCharsets.UTF_8))
                            .preopen(
                                    PreopenGrant.inMemory("/data")
                                            .file("a.txt", new byte[16])
                                            .readOnly(false)
                                            .maxBytes(8192)
                                            .maxFiles(8)
                                            .build())
                            .preopen(
                                    PreopenGrant.inMemory("/ro")
                                            .file("b.txt", new byte[16])
                                            .build())
                            .build());

    @AfterAll
    static void close() {
        runtime.close();
    }

    @FuzzTest(maxDuration = "60s")
    void hostFunctionsSurviveAnyArguments(byte[] program) {
        try {
            plugin.call("run", program);
        } catch (PluginException expected) {
            // Traps, denials and exhausted quotas are how the host says no.
        }
    }
}
