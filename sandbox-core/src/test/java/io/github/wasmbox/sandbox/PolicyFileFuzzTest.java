/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wasmbox.policy.PolicyFileException;
import io.github.wasmbox.policy.PolicyFiles;

/**
 * Fuzzes the policy file parser (YAML and JSON, single policies and policy sets): any text parses
 * or fails with {@link PolicyFileException}; any other throwable fails the test. Regression corpus
 * under {@code PolicyFileFuzzTestInputs/}. It lives here rather than in the policy module so that
 * one module carries the fuzzing toolchain.
 */
class PolicyFileFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyTextParsesOrFailsWithPolicyFileException(FuzzedDataProvider data) {
        PolicyFiles.Format format =
                data.consumeBoolean() ? PolicyFiles.Format.YAML : PolicyFiles.Format.JSON;
        boolean set = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        try {
            if (set) {
                PolicyFiles.parseSet(text, format);
            } else {
                PolicyFiles.parsePolicy(text, format);
            }
        } catch (PolicyFileException expected) {
            // The parser's one way of saying no.
        }
    }
}
