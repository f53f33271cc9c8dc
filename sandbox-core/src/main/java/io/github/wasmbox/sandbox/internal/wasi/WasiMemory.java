/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.engine.LinearMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The guest's linear memory as the WASI functions read and write it: little-endian numbers and byte
 * ranges, each checked with unsigned arithmetic against the memory's current size before anything
 * is read, written or allocated for it. A range outside memory traps the guest ({@link GuestFault}
 * of kind {@code TRAP}), naming the WASI function that was passed it. Confined to the instance's
 * call thread, like the memory.
 */
final class WasiMemory {
    private final LinearMemory memory;
    private String call = "";

    /**
     * The memory's size during the current call: only the guest grows its memory, and it does not
     * run while a WASI function does.
     */
    private long size;

    WasiMemory(LinearMemory memory) {
        this.memory = memory;
    }

    /** Starts WASI function {@code name}: names it for trap messages, reads the memory's size. */
    void calling(String name) {
        call = name;
        size = memory.size();
    }

    /** Traps unless {@code [ptr, ptr + length)} lies inside memory; {@code ptr} is unsigned. */
    void check(long ptr, long length) {
        long start = Integer.toUnsignedLong((int) ptr);
        if (length < 0 || start + length > size) {
            throw new GuestFault(
                    GuestFault.Kind.TRAP,
                    "the plugin passed WASI "
                            + call
                            + " a buffer [ptr="
                            + start
                            + ", len="
                            + length
                            + "] that lies outside its "
                            + size
                            + "-byte memory",
                    null);
        }
    }

    byte[] bytes(long ptr, int length) {
        check(ptr, length);
        return memory.read((int) ptr, length);
    }

    /** A little-endian view of {@code length} bytes at {@code ptr}. */
    ByteBuffer view(long ptr, int length) {
        return ByteBuffer.wrap(bytes(ptr, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    void put(long ptr, byte[] bytes) {
        check(ptr, bytes.length);
        memory.write((int) ptr, bytes);
    }

    void put(long ptr, ByteBuffer buffer) {
        put(ptr, buffer.array());
    }

    void putI32(long ptr, int value) {
        put(ptr, buffer(4).putInt(value));
    }

    void putI64(long ptr, long value) {
        put(ptr, buffer(8).putLong(value));
    }

    /** A zeroed little-endian buffer to fill and {@link #put}. */
    static ByteBuffer buffer(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
