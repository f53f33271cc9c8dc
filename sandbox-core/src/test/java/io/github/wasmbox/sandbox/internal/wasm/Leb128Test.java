/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static io.github.wasmbox.sandbox.internal.wasm.Wasm.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Leb128Test {

    private static WasmReader reader(byte[] b) {
        return new WasmReader(b, 0, b.length);
    }

    private static long u(int bits, int... b) {
        WasmReader r = reader(bytes(b));
        long v = Leb128.readUnsigned(r, bits);
        assertThat(r.pos).as("consumed").isEqualTo(b.length);
        return v;
    }

    private static long s(int bits, int... b) {
        WasmReader r = reader(bytes(b));
        long v = Leb128.readSigned(r, bits);
        assertThat(r.pos).as("consumed").isEqualTo(b.length);
        return v;
    }

    private static byte[] writeU(long v) {
        ByteBuf out = new ByteBuf(1);
        Leb128.writeUnsigned(out, v);
        return out.toByteArray();
    }

    private static byte[] writeS(long v) {
        ByteBuf out = new ByteBuf(1);
        Leb128.writeSigned(out, v);
        return out.toByteArray();
    }

    @Test
    void decodesUnsignedEdgeValues() {
        assertThat(u(32, 0x00)).isZero();
        assertThat(u(32, 0x7F)).isEqualTo(127);
        assertThat(u(32, 0x80, 0x01)).isEqualTo(128);
        assertThat(u(32, 0xE5, 0x8E, 0x26)).isEqualTo(624_485);
        assertThat(u(32, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)).isEqualTo(0xFFFF_FFFFL);
        assertThat(u(64, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01))
                .isEqualTo(-1L);
    }

    @Test
    void acceptsPaddedEncodingsWithinTheLengthLimit() {
        assertThat(u(32, 0x80, 0x80, 0x80, 0x80, 0x00)).isZero();
        assertThat(u(32, 0x83, 0x80, 0x00)).isEqualTo(3);
        assertThat(s(32, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)).isEqualTo(-1);
        assertThat(s(64, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).isZero();
    }

    @Test
    void decodesSignedEdgeValues() {
        assertThat(s(32, 0x7F)).isEqualTo(-1);
        assertThat(s(32, 0x3F)).isEqualTo(63);
        assertThat(s(32, 0x40)).isEqualTo(-64);
        assertThat(s(32, 0x80, 0x80, 0x80, 0x80, 0x78)).isEqualTo(Integer.MIN_VALUE);
        assertThat(s(32, 0xFF, 0xFF, 0xFF, 0xFF, 0x07)).isEqualTo(Integer.MAX_VALUE);
        assertThat(s(33, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)).isEqualTo(0xFFFF_FFFFL);
        assertThat(s(33, 0x80, 0x80, 0x80, 0x80, 0x70)).isEqualTo(-(1L << 32));
        assertThat(s(64, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(s(64, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsTooLongEncodings() {
        assertThatThrownBy(() -> u(32, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("too long");
        assertThatThrownBy(
                        () ->
                                s(
                                        64, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                        0x80, 0x00))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void rejectsUnusedBitsThatDisagreeWithTheValue() {
        assertThatThrownBy(() -> u(32, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F))
                .hasMessageContaining("integer too large");
        assertThatThrownBy(() -> s(32, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F))
                .hasMessageContaining("integer too large");
        assertThatThrownBy(() -> s(32, 0x80, 0x80, 0x80, 0x80, 0x08))
                .hasMessageContaining("integer too large");
        assertThatThrownBy(() -> s(64, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02))
                .hasMessageContaining("integer too large");
    }

    @Test
    void rejectsTruncatedInput() {
        assertThatThrownBy(() -> u(32, 0x80, 0x80))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("unexpected end");
    }

    @Test
    void writesShortestEncodingsThatRoundTrip() {
        assertThat(writeU(0)).containsExactly(0x00);
        assertThat(writeU(624_485)).containsExactly(0xE5, 0x8E, 0x26);
        assertThat(writeU(0xFFFF_FFFFL)).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
        assertThat(writeS(-1)).containsExactly(0x7F);
        assertThat(writeS(63)).containsExactly(0x3F);
        assertThat(writeS(64)).containsExactly(0xC0, 0x00);
        assertThat(writeS(-64)).containsExactly(0x40);
        assertThat(writeS(-65)).containsExactly(0xBF, 0x7F);
        long[] samples = {
            0,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            127,
            128,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            0x1234_5678_9ABC_DEF0L,
            -0x1234_5678_9ABC_DEF0L
        };
        for (long v : samples) {
            assertThat(Leb128.readSigned(reader(writeS(v)), 64)).isEqualTo(v);
            assertThat(Leb128.readUnsigned(reader(writeU(v)), 64)).isEqualTo(v);
        }
        for (long v = -70_000; v <= 70_000; v += 7) {
            assertThat(Leb128.readSigned(reader(writeS(v)), 32)).isEqualTo(v);
            if (v >= 0) {
                assertThat(Leb128.readUnsigned(reader(writeU(v)), 32)).isEqualTo(v);
            }
        }
    }
}
