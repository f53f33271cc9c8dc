/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

/**
 * An instance's linear memory as the engine holds it. Callers check every range first ({@link
 * GuestMemoryView}); implementations need not. Confined to the instance's call thread.
 */
public interface LinearMemory {

    /** The current size in bytes. */
    long size();

    /** Copies {@code len} bytes at {@code ptr}, a range already checked. */
    byte[] read(int ptr, int len);

    /** Copies {@code bytes} to {@code ptr}, a range already checked. */
    void write(int ptr, byte[] bytes);
}
