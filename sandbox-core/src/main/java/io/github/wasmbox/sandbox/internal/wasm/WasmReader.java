/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over a byte array. Every read past {@link #end} throws {@link
 * ModuleFormatException}, so no declared length can make the caller read or allocate beyond the
 * input. Not thread-safe; one instance per walk.
 */
final class WasmReader {
    final byte[] buf;
    int pos;
    int end;

    WasmReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasMore() {
        return pos < end;
    }

    int u8() {
        if (pos >= end) {
            throw truncated("byte");
        }
        return buf[pos++] & 0xFF;
    }

    int u32() {
        return (int) Leb128.readUnsigned(this, 32);
    }

    /** A u32 returned as a non-negative long, for comparisons against limits. */
    long u32L() {
        return Leb128.readUnsigned(this, 32);
    }

    long s32() {
        return Leb128.readSigned(this, 32);
    }

    long s33() {
        return Leb128.readSigned(this, 33);
    }

    long s64() {
        return Leb128.readSigned(this, 64);
    }

    void skip(long n) {
        if (n < 0 || n > end - pos) {
            throw truncated(n + " bytes");
        }
        pos += (int) n;
    }

    /** Reads a vector count and checks it against a cap and against the bytes that remain. */
    int count(String what, long cap, int minBytesPerItem) {
        int at = pos;
        long n = u32L();
        if (n > cap) {
            throw error(at, what + " count " + n + " exceeds the limit of " + cap);
        }
        if (n * minBytesPerItem > end - pos) {
            throw error(
                    at, what + " count " + n + " cannot fit in the " + (end - pos) + " bytes left");
        }
        return (int) n;
    }

    /** Reads a length-prefixed UTF-8 name of at most {@code maxBytes} bytes. */
    String name(String what, long maxBytes) {
        int at = pos;
        long len = u32L();
        if (len > maxBytes) {
            throw error(at, what + " length " + len + " exceeds the limit of " + maxBytes);
        }
        skip(len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos - (int) len, (int) len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(at, what + " is not valid UTF-8");
        }
    }

    ModuleFormatException truncated(String what) {
        return error(pos, "unexpected end of input while reading " + what);
    }

    ModuleFormatException error(int at, String message) {
        return new ModuleFormatException(message + " (at byte offset " + at + ")");
    }
}
