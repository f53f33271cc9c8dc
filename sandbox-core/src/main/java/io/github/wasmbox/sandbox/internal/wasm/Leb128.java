/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

/**
 * LEB128 as the WebAssembly binary format defines it. An N-bit integer takes at most ceil(N/7)
 * bytes; padded (overlong) encodings within that length are accepted, longer ones and unused bits
 * that disagree with the value (non-zero for unsigned, not a sign extension for signed) are
 * rejected. Writers always emit the shortest encoding, so output is canonical and deterministic.
 * Stateless and thread-safe.
 */
final class Leb128 {
    private Leb128() {}

    /** Reads an unsigned integer of {@code bits} (1..64) bits; the result is zero-extended. */
    static long readUnsigned(WasmReader r, int bits) {
        int start = r.pos;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        for (int i = 0, shift = 0; ; i++, shift += 7) {
            int b = r.u8();
            if (i == maxBytes - 1) {
                if ((b & 0x80) != 0) {
                    throw r.error(start, "integer representation too long (u" + bits + ")");
                }
                if ((b >>> (bits - shift)) != 0) {
                    throw r.error(start, "integer too large (u" + bits + ")");
                }
                return result | ((long) b << shift);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    /** Reads a signed integer of {@code bits} (2..64) bits; the result is sign-extended. */
    static long readSigned(WasmReader r, int bits) {
        int start = r.pos;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        for (int i = 0, shift = 0; ; i++, shift += 7) {
            int b = r.u8();
            if (i == maxBytes - 1) {
                if ((b & 0x80) != 0) {
                    throw r.error(start, "integer representation too long (s" + bits + ")");
                }
                // The bits from the value's sign bit up to bit 6 must all be equal.
                int signAndUnused = b >> (bits - shift - 1);
                if (signAndUnused != 0 && signAndUnused != (0x7F >> (bits - shift - 1))) {
                    throw r.error(start, "integer too large (s" + bits + ")");
                }
                result |= (long) b << shift;
                return (result << (64 - bits)) >> (64 - bits);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                int used = shift + 7;
                return used < 64 && (b & 0x40) != 0 ? result | (-1L << used) : result;
            }
        }
    }

    /** Appends {@code value}, read as an unsigned 64-bit integer, in the shortest encoding. */
    static void writeUnsigned(ByteBuf out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.put((int) value);
    }

    /** Appends {@code value} as a signed integer in the shortest encoding. */
    static void writeSigned(ByteBuf out, long value) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.put(b);
                return;
            }
            out.put(b | 0x80);
        }
    }
}
