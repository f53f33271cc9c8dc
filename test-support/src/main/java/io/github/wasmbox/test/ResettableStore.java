/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.policy.KeyValueQuota;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory store that starts over before each test, while the runtime it is bound to lives as
 * long as the test class.
 */
final class ResettableStore implements KeyValueStore {
    private volatile InMemoryKeyValueStore current = new InMemoryKeyValueStore();

    void reset() {
        current = new InMemoryKeyValueStore();
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        return current.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, byte[] value, KeyValueQuota quota) {
        current.put(namespace, key, value, quota);
    }

    @Override
    public void delete(String namespace, String key) {
        current.delete(namespace, key);
    }

    @Override
    public List<String> list(String namespace, String prefix, int limit) {
        return current.list(namespace, prefix, limit);
    }
}
