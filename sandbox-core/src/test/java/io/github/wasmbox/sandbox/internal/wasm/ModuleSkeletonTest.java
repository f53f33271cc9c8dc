/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.PluginManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ActiveDataSegment;
import run.endive.wasm.types.DataSection;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.UnknownCustomSection;

class ModuleSkeletonTest {
    private static final Path DISCOUNT =
            Path.of("..", "plugins-rust", "dist", "discount-rules.wasm");

    @Test
    void keepsEveryDeclarationAndEmptiesEveryBody() throws IOException {
        byte[] module = Files.readAllBytes(DISCOUNT);
        WasmModule whole = Parser.parse(module);

        byte[] skeleton = ModuleSkeleton.of(module);
        WasmModule parsed =
                Parser.builder()
                        .withValidation(false)
                        .build()
                        .parse(() -> new ByteArrayInputStream(skeleton));

        assertThat(skeleton.length).isLessThan(module.length / 4);
        assertThat(parsed.typeSection()).isEqualTo(whole.typeSection());
        assertThat(parsed.importSection()).isEqualTo(whole.importSection());
        assertThat(parsed.functionSection()).isEqualTo(whole.functionSection());
        assertThat(parsed.tableSection()).isEqualTo(whole.tableSection());
        assertThat(parsed.memorySection()).isEqualTo(whole.memorySection());
        assertThat(parsed.globalSection()).isEqualTo(whole.globalSection());
        assertThat(parsed.exportSection()).isEqualTo(whole.exportSection());
        assertThat(parsed.elementSection()).isEqualTo(whole.elementSection());
        // Data comes after the code, so its offset expressions sit at other addresses.
        assertThat(describe(parsed.dataSection())).isEqualTo(describe(whole.dataSection()));
        assertThat(parsed.customSection(PluginManifest.SECTION_NAME))
                .isInstanceOfSatisfying(
                        UnknownCustomSection.class,
                        manifest ->
                                assertThat(manifest.bytes())
                                        .isEqualTo(
                                                ((UnknownCustomSection)
                                                                whole.customSection(
                                                                        PluginManifest
                                                                                .SECTION_NAME))
                                                        .bytes()));
        assertThat(parsed.codeSection().functionBodyCount())
                .isEqualTo(whole.codeSection().functionBodyCount());
        assertThat(parsed.codeSection().functionBodies())
                .allSatisfy(body -> assertThat(body.instructions()).hasSize(1));
    }

    private static List<String> describe(DataSection data) {
        List<String> segments = new ArrayList<>();
        for (DataSegment segment : data.dataSegments()) {
            String offset = "passive";
            if (segment instanceof ActiveDataSegment) {
                ActiveDataSegment active = (ActiveDataSegment) segment;
                offset =
                        active.index()
                                + " "
                                + active.offsetInstructions().stream()
                                        .map(i -> i.opcode() + Arrays.toString(i.operands()))
                                        .toList();
            }
            segments.add(offset + " " + Arrays.toString(segment.data()));
        }
        return segments;
    }

    @Test
    void aTruncatedModuleIsAFormatError() throws IOException {
        byte[] module = Files.readAllBytes(DISCOUNT);
        assertThatThrownBy(() -> ModuleSkeleton.of(Arrays.copyOf(module, module.length - 7)))
                .isInstanceOf(ModuleFormatException.class);
        assertThatThrownBy(() -> ModuleSkeleton.of(new byte[3]))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("magic bytes");
    }
}
