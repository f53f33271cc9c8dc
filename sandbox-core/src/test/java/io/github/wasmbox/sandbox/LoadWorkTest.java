/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A valid module can make the host spend seconds of CPU instrumenting and compiling it before any
 * fuel budget applies: 20,000 tiny functions in 255 KB cost 4 to 6 s. The runtime bounds that work
 * before it starts, and says which setting to raise.
 */
class LoadWorkTest {
    private static final PluginRuntime RUNTIME = PluginRuntime.builder().build();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void twentyThousandFunctionsAreRefusedNamingTheSetting() {
        byte[] module = GeneratedModules.manyFunctions(20_000, 1, 0);

        assertThatThrownBy(
                        () -> RUNTIME.load("many", PluginSource.bytes(module), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("defines 20001 functions")
                .hasMessageContaining("maxModuleFunctions of 2500");
        assertThat(RUNTIME.plugins()).extracting(Plugin::name).doesNotContain("many");
    }

    @Test
    void tooMuchCodeIsRefusedNamingTheSetting() {
        byte[] module = GeneratedModules.manyFunctions(100, 1, 3_000);

        assertThatThrownBy(
                        () -> RUNTIME.load("bulky", PluginSource.bytes(module), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("maxModuleCodeBytes of 262144");
    }

    @Test
    void aModuleWithinTheBoundsLoadsAndRuns() {
        Plugin plugin =
                RUNTIME.load(
                        "within",
                        PluginSource.bytes(GeneratedModules.manyFunctions(1_000, 1, 0)),
                        Fixtures.relaxed());

        assertThat(plugin.call("run", new byte[0])).isEmpty();
    }

    @Test
    void theBoundsCanBeRaised() {
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .maxModuleFunctions(3_000)
                        .maxModuleCodeBytes(1 << 20)
                        .build()) {
            Plugin plugin =
                    runtime.load(
                            "raised",
                            PluginSource.bytes(GeneratedModules.manyFunctions(2_600, 1, 0)),
                            Fixtures.relaxed());
            assertThat(plugin.call("run", new byte[0])).isEmpty();
        }
    }
}
