/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import io.github.wasmbox.sandbox.internal.wasm.Outliner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.wasm.Parser;

/**
 * The loader's split keeps every function of the example plugins under HotSpot's JIT limit,
 * measured on the bytecode Endive actually generates.
 */
class HugeFunctionSplitTest {
    @ParameterizedTest
    @ValueSource(strings = {"discount-rules", "fraud-score"})
    void splitPluginsCompileToNoHugeMethod(String plugin) throws Exception {
        byte[] metered =
                FuelInstrumenter.instrument(
                        Files.readAllBytes(Path.of("..", "plugins-rust", "dist", plugin + ".wasm")),
                        FuelInstrumenter.Options.DEFAULTS);

        assertThat(hugeMethods(metered)).as("whole").isNotEmpty();
        assertThat(hugeMethods(Outliner.outline(metered, Outliner.Limits.DEFAULTS)))
                .as("split")
                .isEmpty();
    }

    private static List<GeneratedClasses.HugeMethod> hugeMethods(byte[] module) {
        return GeneratedClasses.compile(Parser.parse(module), -1, -1, false).hugeMethods();
    }
}
