/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

/**
 * The calling plugin's linear memory, valid only during the host call that received it.
 *
 * <p>Every {@code (ptr, len)} is checked with unsigned 32-bit arithmetic against the current memory
 * size <em>before</em> anything is allocated or copied; a bad range throws {@link
 * GuestMemoryException}, which traps the guest. Lengths are also checked against the policy's
 * {@code max-host-result} cap for reads, so a guest cannot make the host allocate more than that.
 */
public interface GuestMemory {

    /** The current memory size in bytes. */
    long size();

    /** Copies {@code len} bytes starting at {@code ptr}. */
    byte[] read(int ptr, int len);

    /**
     * Reads {@code len} bytes at {@code ptr} as UTF-8; invalid UTF-8 throws {@link
     * GuestMemoryException}.
     */
    String readUtf8(int ptr, int len);

    /** Copies {@code bytes} to {@code ptr}. */
    void write(int ptr, byte[] bytes);
}
