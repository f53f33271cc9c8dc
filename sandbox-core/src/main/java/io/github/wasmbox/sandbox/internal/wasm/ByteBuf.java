/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import java.util.Arrays;

/** A growable byte array for building modules without per-byte allocation. Not thread-safe. */
final class ByteBuf {
    private byte[] bytes;
    private int size;

    ByteBuf(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void put(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    void put(byte[] src, int offset, int length) {
        if (length > bytes.length - size) {
            grow(length);
        }
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    void put(ByteBuf other) {
        put(other.bytes, 0, other.size);
    }

    void u32(long value) {
        Leb128.writeUnsigned(this, value);
    }

    void s64(long value) {
        Leb128.writeSigned(this, value);
    }

    /** Appends a section: id, size, then the content of {@code body}. */
    void section(int id, ByteBuf body) {
        put(id);
        u32(body.size);
        put(body);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void grow(int needed) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + needed));
    }
}
