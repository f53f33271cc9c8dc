/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static io.github.wasmbox.sandbox.internal.wasm.Wasm.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.WasmFeature;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every immediate shape, decoded from hand-written bytes: the whole instruction is consumed. */
class InstructionDecoderTest {
    private static final int ALL = (1 << WasmFeature.values().length) - 1;

    private static byte[] hex(String hex) {
        String[] parts = hex.trim().split(" ");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i], 16);
        }
        return bytes(values);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, bytes, kind (an InstructionDecoder constant: 0 PLAIN, 1 BLOCK, 3 IF, 7 BR_IF,
        // 8 BR_TABLE, 9 TERMINATE, 10 CALL, 11 TRY_TABLE, 12 DYNAMIC), features used
        "block with s33 type index,      02 81 01,                             1,         ''",
        "block with (ref null func),     02 63 70,                             1,         GC",
        "if with i32 result,             04 7F,                                3,         ''",
        "br_if,                          0D 02,                                7,         ''",
        "br_table,                       0E 03 00 01 02 00,                    8,         ''",
        "call_indirect table 1,          11 05 01,                             10,        ''",
        "return_call_indirect,           13 05 00,                             9,         TAIL_CALLS",
        "select t,                       1C 02 7F 6F,                          0,         ''",
        "i64.const -1,                   42 7F,                                0,         ''",
        "f64.const,                      44 00 00 00 00 00 00 F0 3F,           0,         ''",
        "load with memory index,         28 42 01 10,                          0,         MULTI_MEMORY",
        "memory.grow,                    40 00,                                12,        ''",
        "ref.null func,                  D0 70,                                0,         ''",
        "ref.null type index,            D0 03,                                0,         GC",
        "i32.trunc_sat_f64_u,            FC 03,                                0,         ''",
        "memory.init,                    FC 08 02 00,                          12,        ''",
        "memory.copy,                    FC 0A 00 00,                          12,        ''",
        "table.init,                     FC 0C 01 00,                          12,        ''",
        "table.grow,                     FC 0F 00,                             12,        ''",
        "table.size,                     FC 10 00,                             0,         ''",
        "v128.const,                     FD 0C 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10, 0, SIMD",
        "i8x16.shuffle,                  FD 0D 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F, 0, SIMD",
        "i16x8.replace_lane,             FD 1A 07,                             0,         SIMD",
        "v128.load32_lane,               FD 56 02 00 03,                       0,         SIMD",
        "i32x4.dot_i16x8_s (2-byte op),  FD BA 01,                             0,         SIMD",
        "atomic.fence,                   FE 03 00,                             0,         THREADS",
        "i64.atomic.rmw.cmpxchg,         FE 49 03 08,                          0,         THREADS",
        "struct.get,                     FB 02 01 00,                          0,         GC",
        "array.copy,                     FB 11 01 01,                          12,        GC",
        "br_on_cast,                     FB 18 03 00 6E 01,                    7,         GC",
        "call_ref,                       14 01,                                10,        GC",
        "throw,                          08 00,                                9,         EXCEPTIONS",
        "try_table with catches,         1F 40 02 00 00 01 03 01,              11,        EXCEPTIONS",
    })
    void consumesTheWholeInstruction(String name, String hex, int kind, String features) {
        byte[] code = hex(hex);
        WasmReader r = new WasmReader(code, 0, code.length);
        InstructionDecoder decoder = new InstructionDecoder(ALL);

        assertThat(decoder.next(r)).as(name).isEqualTo(kind);
        assertThat(r.pos).as(name).isEqualTo(code.length);
        EnumSet<WasmFeature> used = EnumSet.noneOf(WasmFeature.class);
        for (WasmFeature f : WasmFeature.values()) {
            if ((decoder.usedFeatures() & Features.bit(f)) != 0) {
                used.add(f);
            }
        }
        assertThat(used.toString()).isEqualTo(features.isEmpty() ? "[]" : "[" + features + "]");
    }

    @ParameterizedTest
    @CsvSource({
        "FD 9A 01, unknown or unsupported opcode 0xFD 154",
        "FD 80 02, unknown or unsupported opcode 0xFD 256",
        "FE 04, unknown or unsupported opcode 0xFE 4",
        "FB 1F, unknown or unsupported opcode 0xFB 31",
        "28 80 01 00, malformed memarg flags 128",
        "02 7A, malformed value type 0x7A (at byte offset 1",
        "09, unknown or unsupported opcode 0x09",
    })
    void rejectsWhatItDoesNotKnow(String hex, String message) {
        byte[] code = hex(hex);
        assertThatThrownBy(
                        () ->
                                new InstructionDecoder(ALL)
                                        .next(new WasmReader(code, 0, code.length)))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining(
                        message.contains("offset") ? message : message + " (at byte offset 0)");
    }
}
