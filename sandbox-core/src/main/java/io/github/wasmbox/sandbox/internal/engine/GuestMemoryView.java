/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.spi.GuestMemory;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@link GuestMemory} over an instance's {@link LinearMemory}. Every range is checked with unsigned
 * arithmetic against the current size, and reads against a byte cap, before anything is allocated;
 * bytes moved are counted so the host-call fuel charge can bill them.
 */
final class GuestMemoryView implements GuestMemory {
    private final LinearMemory memory;
    private final int readCap;
    private long bytesMoved;

    GuestMemoryView(LinearMemory memory, int readCap) {
        this.memory = memory;
        this.readCap = readCap;
    }

    @Override
    public long size() {
        return memory.size();
    }

    /** Validates {@code [ptr, ptr + len)} as unsigned 32-bit values against the memory size. */
    void check(int ptr, int len) {
        long start = Integer.toUnsignedLong(ptr);
        long length = Integer.toUnsignedLong(len);
        if (start + length > size()) {
            throw new GuestMemoryException(
                    "guest range [ptr="
                            + start
                            + ", len="
                            + length
                            + "] lies outside its "
                            + size()
                            + "-byte memory",
                    false);
        }
    }

    @Override
    public byte[] read(int ptr, int len) {
        check(ptr, len);
        if (Integer.toUnsignedLong(len) > readCap) {
            throw new GuestMemoryException(
                    "guest passed "
                            + Integer.toUnsignedLong(len)
                            + " bytes, over the policy cap of "
                            + readCap,
                    true);
        }
        return copyOut(ptr, len);
    }

    /** Copies a range the caller has already checked against its own cap. */
    byte[] copyOut(int ptr, int len) {
        bytesMoved += len;
        return memory.read(ptr, len);
    }

    @Override
    public String readUtf8(int ptr, int len) {
        byte[] bytes = read(ptr, len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new GuestMemoryException("guest string is not valid UTF-8", false);
        }
    }

    @Override
    public void write(int ptr, byte[] bytes) {
        check(ptr, bytes.length);
        bytesMoved += bytes.length;
        memory.write(ptr, bytes);
    }

    /** Returns the bytes moved since the last call and resets the count. */
    long takeBytesMoved() {
        long moved = bytesMoved;
        bytesMoved = 0;
        return moved;
    }
}
