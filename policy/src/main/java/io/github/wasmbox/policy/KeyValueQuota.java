/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

/**
 * How much one key-value namespace may hold: at most {@code maxEntries} keys and {@code maxBytes}
 * bytes of keys (UTF-8) plus values. The key-value capability refuses a write that would take the
 * namespace past either limit; it never drops what is already stored to make room.
 *
 * <p>The quota belongs to the read-write grant, so a namespace shared by several plugins is held to
 * the quota of whichever plugin is writing: the whole namespace counts, not one plugin's share.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxEntries the most keys the namespace may hold, at least 1
 * @param maxBytes the most bytes of keys plus values the namespace may hold, at least 1
 */
public record KeyValueQuota(long maxEntries, long maxBytes) {
    /** The quota of a grant that declares none: 10,000 entries and 16 MiB. */
    public static final KeyValueQuota DEFAULT = new KeyValueQuota(10_000, 16L << 20);

    /**
     * @throws IllegalArgumentException if a limit is below 1
     */
    public KeyValueQuota {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(
                    "key-value max-entries must be at least 1 but was " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException(
                    "key-value max-bytes must be at least 1 but was " + maxBytes);
        }
    }
}
