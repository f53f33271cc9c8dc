/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Objects;

/**
 * What a plugin may do in a granted key-value namespace: read only, or read and write within a
 * {@link KeyValueQuota}.
 *
 * <p>Immutable and thread-safe; equal when the access level and quota are.
 */
public final class KeyValueAccess {
    /** {@code get} and {@code list} only. */
    public static final KeyValueAccess READ = new KeyValueAccess(false, KeyValueQuota.DEFAULT);

    /** {@code get}, {@code list}, {@code put} and {@code delete} within the default quota. */
    public static final KeyValueAccess READ_WRITE = new KeyValueAccess(true, KeyValueQuota.DEFAULT);

    private final boolean write;
    private final KeyValueQuota quota;

    private KeyValueAccess(boolean write, KeyValueQuota quota) {
        this.write = write;
        this.quota = quota;
    }

    /** {@code get}, {@code list}, {@code put} and {@code delete}, writes held to {@code quota}. */
    public static KeyValueAccess readWrite(KeyValueQuota quota) {
        return new KeyValueAccess(true, Objects.requireNonNull(quota, "quota"));
    }

    /** Returns whether this access level permits changing the namespace. */
    public boolean allowsWrite() {
        return write;
    }

    /**
     * Returns the quota writes are held to; {@link KeyValueQuota#DEFAULT} unless granted with
     * {@link #readWrite(KeyValueQuota)}. Meaningless for {@link #READ}, which cannot write.
     */
    public KeyValueQuota quota() {
        return quota;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyValueAccess that
                && write == that.write
                && quota.equals(that.quota);
    }

    @Override
    public int hashCode() {
        return Objects.hash(write, quota);
    }

    @Override
    public String toString() {
        return write
                ? "READ_WRITE(max-entries="
                        + quota.maxEntries()
                        + ", max-bytes="
                        + quota.maxBytes()
                        + ")"
                : "READ";
    }
}
