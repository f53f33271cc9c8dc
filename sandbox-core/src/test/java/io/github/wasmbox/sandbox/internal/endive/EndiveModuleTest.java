/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.FunctionBody;

/** What a compiled module keeps for as long as its plugin is loaded. */
class EndiveModuleTest {

    private static byte[] meteredDiscountRules() throws IOException {
        return FuelInstrumenter.instrument(
                Files.readAllBytes(Path.of("..", "plugins-rust", "dist", "discount-rules.wasm")),
                FuelInstrumenter.Options.DEFAULTS);
    }

    private static long instructions(WasmModule module) {
        return Arrays.stream(module.codeSection().functionBodies())
                .map(FunctionBody::instructions)
                .mapToLong(java.util.List::size)
                .sum();
    }

    @Test
    void aCompiledModuleKeepsItsDeclarationsButNotItsCode(@TempDir Path cache) throws IOException {
        byte[] bytes = meteredDiscountRules();
        EndiveModule compiled = EndiveModule.compile("discount-rules", "key", () -> bytes, cache);
        EndiveModule fromCache = EndiveModule.compile("discount-rules", "key", () -> bytes, cache);

        for (EndiveModule module : new EndiveModule[] {compiled, fromCache}) {
            WasmModule kept = module.wasmModule();
            int functions = kept.codeSection().functionBodyCount();
            assertThat(functions).isGreaterThan(100);
            // A bare `end` per body: nothing the generated classes need at run time.
            assertThat(instructions(kept)).isLessThanOrEqualTo(functions);
            assertThat(module.functions()).contains("quote");
        }
        assertThat(fromCache.fromCompileCache()).isTrue();
        assertThat(compiled.fromCompileCache()).isFalse();
    }
}
