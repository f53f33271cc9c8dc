/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte sink with a hard cap, for a guest's stdout and stderr. Writing past the cap raises an
 * {@code OUTPUT} fault, which stops the guest. Confined to the call thread.
 */
public final class CappedBuffer extends OutputStream {
    private final String name;
    private final int cap;
    private byte[] bytes = new byte[0];
    private int size;

    public CappedBuffer(String name, int cap) {
        this.name = name;
        this.cap = cap;
    }

    /** Fails unless {@code length} more bytes fit, before anything is copied. */
    public void ensureRoom(long length) {
        if (length < 0 || size + length > cap) {
            throw new GuestFault(
                    GuestFault.Kind.OUTPUT,
                    "the plugin wrote more than the policy's " + name + " cap of " + cap + " bytes",
                    cap,
                    size + Math.max(length, 0),
                    null);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        ensureRoom(length);
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(size + length, bytes.length * 2)));
        }
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public void reset() {
        size = 0;
    }
}
