/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import io.github.wasmbox.policy.KeyValueQuota;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link KeyValueCapability} keeps plugin data. Implement it to put plugin state in your own
 * storage; {@link InMemoryKeyValueStore} and {@link JdbcKeyValueStore} are provided.
 *
 * <p>Namespaces and keys arrive already authorized and size-checked by the capability. Values are
 * opaque bytes; implementations must not keep or expose the caller's arrays (copy them). A failure
 * should be thrown as a {@link RuntimeException}: the plugin receives {@code FAILED} without the
 * details, and the capability logs the cause for the operator.
 *
 * <p>Plugin data must never disappear on its own: a store may refuse a write ({@link
 * KeyValueQuotaException}) but must not evict or expire what it holds.
 *
 * <p>Implementations must be thread-safe: plugins call them concurrently.
 */
public interface KeyValueStore {

    /** Returns the value under {@code key} in {@code namespace}, or empty. */
    Optional<byte[]> get(String namespace, String key);

    /**
     * Stores {@code value} under {@code key}, replacing any previous value, unless the namespace
     * would then hold more than {@link KeyValueQuota#maxEntries()} keys or more than {@link
     * KeyValueQuota#maxBytes()} bytes of keys (UTF-8) plus values. Checking the quota and writing
     * must be one atomic step, so that concurrent puts cannot together pass the quota. A
     * replacement counts the difference between the old and new entry.
     *
     * @throws KeyValueQuotaException if the write would pass the quota or the store's own capacity;
     *     nothing was changed
     */
    void put(String namespace, String key, byte[] value, KeyValueQuota quota);

    /** Removes {@code key}; does nothing when it is absent. */
    void delete(String namespace, String key);

    /**
     * Returns at most {@code limit} keys of {@code namespace} that start with {@code prefix},
     * sorted by {@link String#compareTo}. The work must be in proportion to the keys returned, not
     * to the size of the namespace or the store: walk an index ordered by namespace and key from
     * the prefix and stop at {@code limit}.
     */
    List<String> list(String namespace, String prefix, int limit);
}
