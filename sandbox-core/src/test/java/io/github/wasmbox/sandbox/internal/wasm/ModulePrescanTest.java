/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static io.github.wasmbox.sandbox.internal.wasm.Wasm.bytes;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.concat;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.module;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.section;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Export;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.ExternKind;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Import;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.MemoryType;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.TableType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmEngineException;

class ModulePrescanTest {
    private static final byte[] HUGE = u32(0xFFFF_FFFFL);

    private static ModuleInfo scan(byte[] module) {
        return ModulePrescan.scan(module, PrescanLimits.DEFAULTS);
    }

    private static byte[] customSection(String name, byte[] content) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return section(0, u32(n.length), n, content);
    }

    @Test
    void reportsTheFactsTheRuntimeNeeds() {
        ModuleInfo info = scan(Wasm.fixture("facts"));

        assertThat(info.imports())
                .containsExactly(
                        new Import("wasmbox", "input_length", ExternKind.FUNCTION),
                        new Import("env", "base", ExternKind.GLOBAL),
                        new Import("env", "table", ExternKind.TABLE));
        assertThat(info.exports())
                .containsExactly(
                        new Export("memory", ExternKind.MEMORY, 0),
                        new Export("run", ExternKind.FUNCTION, 2));
        assertThat(info.memories())
                .containsExactly(new MemoryType(2, OptionalLong.of(16), false, false));
        assertThat(info.tables())
                .containsExactly(
                        new TableType(1, OptionalLong.empty(), true),
                        new TableType(4, OptionalLong.of(8), false));
        assertThat(info.startFunction()).isEqualTo(OptionalInt.of(1));
        assertThat(info.importedFunctionCount()).isEqualTo(1);
        assertThat(info.functionCount()).isEqualTo(2);
        assertThat(info.importedGlobalCount()).isEqualTo(1);
        assertThat(info.globalCount()).isEqualTo(1);
        assertThat(info.typeCount()).isEqualTo(2);
        assertThat(info.dataSegmentCount()).isEqualTo(1);
        assertThat(info.elementSegmentCount()).isEqualTo(1);
        assertThat(info.customSections())
                .extracting(ModuleInfo.CustomSection::name)
                .containsExactly("name");
        assertThat(info.features()).isEmpty();
        assertThat(info.manifest()).isEmpty();
    }

    @Test
    void extractsTheManifestAndLocatesCustomSections() {
        byte[] json = "{\"abi\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] module = concat(Wasm.fixture("facts"), customSection("wasmbox.manifest", json));

        ModuleInfo info = scan(module);

        assertThat(info.manifest()).hasValueSatisfying(m -> assertThat(m).isEqualTo(json));
        ModuleInfo.CustomSection manifest = info.customSections().get(1);
        assertThat(manifest.name()).isEqualTo("wasmbox.manifest");
        assertThat(new String(module, manifest.offset(), manifest.length(), StandardCharsets.UTF_8))
                .isEqualTo("{\"abi\":1}");
    }

    @Test
    void reportsFeatureUse() {
        // two memories, one shared; a v128 global; a tag
        byte[] module =
                module(
                        section(1, bytes(1, 0x60, 0, 0)),
                        section(5, bytes(2, 0x00, 1, 0x03, 1, 2)),
                        section(13, bytes(1, 0, 0)),
                        section(6, bytes(1, 0x7B, 0, 0xFD, 0x0C), new byte[16], bytes(0x0B)));

        assertThat(scan(module).features())
                .containsExactlyInAnyOrder(
                        WasmFeature.MULTI_MEMORY,
                        WasmFeature.THREADS,
                        WasmFeature.SIMD,
                        WasmFeature.EXCEPTIONS);
        assertThat(scan(module).memories())
                .containsExactly(
                        new MemoryType(1, OptionalLong.empty(), false, false),
                        new MemoryType(1, OptionalLong.of(2), true, false));
    }

    @Test
    void rejectsWhatIsNotACoreModule() {
        assertThatThrownBy(() -> scan(bytes(0, 0x61, 0x73)))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> scan(bytes(0, 0x61, 0x73, 0x6D, 0x0D, 0, 1, 0)))
                .hasMessageContaining("version");
    }

    @Test
    void rejectsBadSectionStructure() {
        assertThatThrownBy(() -> scan(module(section(3, bytes(0)), section(1, bytes(0)))))
                .hasMessageContaining("type section is duplicated or out of order");
        assertThatThrownBy(() -> scan(module(section(14, bytes(0)))))
                .hasMessageContaining("unknown section id 14");
        assertThatThrownBy(() -> scan(module(bytes(1, 10, 0))))
                .hasMessageContaining("type section declares 10 bytes but only 1 remain");
        assertThatThrownBy(() -> scan(module(section(1, bytes(0, 0)))))
                .hasMessageContaining("type section has 1 bytes left");
        assertThatThrownBy(
                        () ->
                                scan(
                                        module(
                                                section(1, bytes(1, 0x60, 0, 0)),
                                                section(3, bytes(1, 0)))))
                .hasMessageContaining("no code section");
    }

    /**
     * A 17-byte module plain Endive 1.0 cannot parse sanely: it fails with an {@code
     * IllegalArgumentException} here, and with an {@code OutOfMemoryError} at 2^31-1 parameters.
     */
    @Test
    void rejectsAHugeParameterCount() {
        byte[] module = module(section(1, bytes(1, 0x60), HUGE));
        assertThat(module).hasSize(17);
        assertThatThrownBy(() -> scan(module))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("parameter count 4294967295 exceeds the limit of 1000")
                .hasMessageContaining("offset 12");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13})
    void rejectsCountBombsInEverySection(int id) {
        assertThatThrownBy(() -> scan(module(section(id, HUGE))))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("count 4294967295 exceeds the limit");
    }

    @Test
    void rejectsCountsThatCannotFitInTheRemainingBytes() {
        assertThatThrownBy(() -> scan(module(section(3, u32(1000), bytes(0, 0)))))
                .hasMessageContaining("function count 1000 cannot fit in the 2 bytes left");
        // element items, data bytes, br_table targets and custom names are bounded the same way
        assertThatThrownBy(() -> scan(module(section(9, bytes(1, 1, 0), u32(50_000)))))
                .hasMessageContaining("element segment item count 50000 cannot fit");
        assertThatThrownBy(() -> scan(module(section(11, bytes(1, 1), u32(50_000)))))
                .hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> scan(module(section(0, u32(1_000_000)))))
                .hasMessageContaining("custom section name length 1000000 exceeds the limit");
        assertThatThrownBy(() -> scan(oneFunction(bytes(0, 0x41, 0, 0x0E), u32(90_000))))
                .hasMessageContaining("br_table target count 90000 cannot fit");
    }

    @Test
    void rejectsAHundredMillionLocalsFast() {
        // 2,000 groups of 50,000 i32 locals: ~8 KB that declares 100M locals.
        byte[] groups = new byte[2000 * 4];
        for (int i = 0; i < 2000; i++) {
            System.arraycopy(concat(u32(50_000), bytes(0x7F)), 0, groups, i * 4, 4);
        }
        byte[] module = oneFunction(concat(u32(2000), groups, bytes(0x0B)));

        assertThatThrownBy(() -> scan(module))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("function body 0 declares at least 100000 locals")
                .hasMessageContaining("limit of 50000");
    }

    @Test
    void rejectsMalformedFunctionBodies() {
        assertThatThrownBy(() -> scan(oneFunction(bytes(0, 0x01))))
                .hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> scan(oneFunction(bytes(0, 0x0B, 0x01))))
                .hasMessageContaining("1 bytes after its final end");
        assertThatThrownBy(() -> scan(oneFunction(bytes(0, 0x06, 0x0B))))
                .hasMessageContaining("unknown or unsupported opcode 0x06");
        assertThatThrownBy(() -> scan(oneFunction(bytes(0, 0xFC, 0x12, 0x0B))))
                .hasMessageContaining("0xFC 18");
        byte[] deep = new byte[20_002];
        for (int i = 0; i < 20_000; i += 2) {
            deep[i] = 0x02;
            deep[i + 1] = 0x40;
        }
        assertThatThrownBy(() -> scan(oneFunction(bytes(0), deep)))
                .hasMessageContaining("nests blocks deeper than the limit of 10000");
    }

    @Test
    void checksTheNameSectionThatEndiveDecodesEagerly() {
        // function names out of order would make Endive's sorted inserts quadratic
        byte[] unsorted = customSection("name", concat(bytes(1, 7, 2, 1, 1, 'a', 0, 1, 'b')));
        assertThatThrownBy(() -> scan(concat(Wasm.fixture("facts"), unsorted)))
                .hasMessageContaining("name map index 0 is not in increasing order");
        // a name length far beyond the section made Endive allocate it
        byte[] huge = customSection("name", concat(bytes(1, 7, 1, 0), u32(0x7FFF_FFF0L)));
        assertThatThrownBy(() -> scan(concat(Wasm.fixture("facts"), huge)))
                .hasMessageContaining("name length 2147483632 exceeds the limit");
        byte[] overlong = customSection("name", bytes(0, 9, 1, 'm'));
        assertThatThrownBy(() -> scan(concat(Wasm.fixture("facts"), overlong)))
                .hasMessageContaining("name subsection 0 declares 9 bytes but only 2 remain");
    }

    @Test
    void rejectsOutOfRangeLimits() {
        assertThatThrownBy(() -> scan(module(section(5, bytes(1, 0), u32(70_000)))))
                .hasMessageContaining("memory size exceeds 65536 pages");
        assertThatThrownBy(() -> scan(module(section(5, bytes(1, 1, 3, 2)))))
                .hasMessageContaining("memory maximum 2 is below its minimum");
        assertThatThrownBy(() -> scan(module(section(5, bytes(1, 4, 1)))))
                .hasMessageContaining("memory64");
        assertThatThrownBy(() -> scan(module(section(4, bytes(1, 0x70, 0), u32(100_000_000)))))
                .hasMessageContaining("table declares 100000000 initial elements");
    }

    @Test
    void honoursConfiguredLimits() {
        PrescanLimits tight =
                new PrescanLimits(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100, 4, 4, 1, 1, 1);
        assertThatThrownBy(() -> ModulePrescan.scan(Wasm.fixture("facts"), tight))
                .hasMessageContaining("exceeds the limit of 1");
        byte[] manifest =
                concat(Wasm.fixture("facts"), customSection("wasmbox.manifest", new byte[5]));
        assertThatThrownBy(
                        () ->
                                scan(
                                        concat(
                                                manifest,
                                                customSection("wasmbox.manifest", new byte[1]))))
                .hasMessageContaining("duplicate wasmbox.manifest");
    }

    /**
     * Every prefix and many single-byte corruptions of valid modules either fail the pre-scan or
     * are something Endive can parse (or reject) without running out of memory.
     */
    @Test
    void truncationsAndByteFlipsNeverReachTheParserUnbounded() {
        for (String name : new String[] {"facts", "control", "tables"}) {
            byte[] valid = Wasm.fixture(name);
            for (int len = 0; len < valid.length; len++) {
                prescanThenParse(Arrays.copyOf(valid, len));
            }
            Random random = new Random(42);
            for (int i = 0; i < 300; i++) {
                byte[] flipped = valid.clone();
                flipped[8 + random.nextInt(valid.length - 8)] = (byte) random.nextInt(256);
                prescanThenParse(flipped);
            }
        }
    }

    private static void prescanThenParse(byte[] module) {
        try {
            scan(module);
        } catch (ModuleFormatException expected) {
            return;
        }
        try {
            Parser.parse(module);
        } catch (WasmEngineException rejected) {
            // a parse error is fine; an Error (OutOfMemoryError) is not
        }
    }

    /** A module with one function of type [] -> [] and the given body (locals + code). */
    static byte[] oneFunction(byte[]... body) {
        byte[] b = concat(body);
        return module(
                section(1, bytes(1, 0x60, 0, 0)),
                section(3, bytes(1, 0)),
                section(10, bytes(1), u32(b.length), b));
    }
}
