/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import io.github.wasmbox.policy.KeyValueQuota;
import java.util.Objects;

/**
 * A {@link KeyValueStore} refused a write because the namespace's {@link KeyValueQuota} or the
 * store's own capacity would be passed. Nothing was changed. The plugin receives {@code TOO_LARGE}
 * with the message, which names the limit, and the runtime raises {@link
 * io.github.wasmbox.sandbox.PluginEvents.QuotaReached} with {@link #quota()}.
 */
public final class KeyValueQuotaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String MAX_ENTRIES = "max-entries";
    static final String MAX_BYTES = "max-bytes";

    private final String quota;

    /**
     * An exception for a write that would pass {@code quota}, the name of the setting (such as
     * {@code max-entries}, {@code max-bytes}, or the store's own capacity setting), whose message
     * says which limit the write would pass and how to raise it. The quota name reaches the
     * quota-reached event and metrics, so keep it a fixed name, never data.
     */
    public KeyValueQuotaException(String quota, String message) {
        super(message);
        if (Objects.requireNonNull(quota, "quota").isEmpty()) {
            throw new IllegalArgumentException("quota must name the setting that was reached");
        }
        this.quota = quota;
    }

    /** The setting the write would pass, such as {@code max-entries}. */
    public String quota() {
        return quota;
    }

    /**
     * Checks a namespace that would hold {@code entries} keys and {@code bytes} bytes after a write
     * against {@code quota}.
     *
     * @throws KeyValueQuotaException if either is over the quota
     */
    static void check(String namespace, long entries, long bytes, KeyValueQuota quota) {
        if (entries > quota.maxEntries()) {
            throw new KeyValueQuotaException(
                    MAX_ENTRIES,
                    "key-value namespace '"
                            + namespace
                            + "' would hold "
                            + entries
                            + " keys, over its grant's max-entries of "
                            + quota.maxEntries());
        }
        if (bytes > quota.maxBytes()) {
            throw new KeyValueQuotaException(
                    MAX_BYTES,
                    "key-value namespace '"
                            + namespace
                            + "' would hold "
                            + bytes
                            + " bytes of keys and values, over its grant's max-bytes of "
                            + quota.maxBytes());
        }
    }
}
