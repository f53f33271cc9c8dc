/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PluginLoadException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Load failures point at the configuration key at fault, decided by type, not by message text. */
class FailuresTest {
    @Test
    void aPluginWhoseNameMentionsSigningIsNotToldToFixItsSignature() {
        byte[] garbage = "not wasm".getBytes(StandardCharsets.UTF_8);
        PluginLoadException failure;
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            failure =
                    catchThrowableOfType(
                            PluginLoadException.class,
                            () ->
                                    runtime.load(
                                            "unsigned-signature-check",
                                            PluginSource.bytes(garbage),
                                            PluginPolicy.denyAll()));
        }

        PluginStartupException explained =
                Failures.explain(
                        "unsigned-signature-check",
                        "classpath:x.wasm",
                        new PluginDefinition.Resolved(garbage, null, null, PluginPolicy.denyAll()),
                        "0",
                        failure);

        assertThat(explained.propertyKey())
                .isEqualTo("wasmbox.plugins.unsigned-signature-check.location");
    }
}
