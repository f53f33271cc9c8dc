/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import io.github.wasmbox.policy.KeyValueQuota;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyValueStore} in the JVM heap. Each namespace is its own sorted map, so {@code list}
 * walks only the keys it returns. Nothing is ever evicted: when a write would pass the namespace's
 * quota or the store's {@link Builder#maximumBytes heap budget}, it is refused with {@link
 * KeyValueQuotaException} and the stored data stays as it was. Data is lost on restart and not
 * shared between replicas; use {@link JdbcKeyValueStore} for that.
 *
 * <p>The heap budget counts what an entry really costs, not only its key and value bytes: the
 * strings, arrays and map nodes holding it, so a flood of tiny entries fills the budget as fast as
 * it fills the heap.
 *
 * <p>Thread-safe. Reads take no lock; writes to one namespace are serialized, so its usage and
 * quota check are exact.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
    /**
     * Heap an entry costs beyond its key's characters and its value's bytes: the skip-list node and
     * its share of index nodes, the key's {@code String} and the headers and padding of the two
     * arrays, rounded up (64-bit JVM, compressed or uncompressed references).
     */
    static final long ENTRY_OVERHEAD = 160;

    /** Heap a namespace costs before its first entry: its map, counters and name. */
    static final long NAMESPACE_OVERHEAD = 512;

    private final long maximumBytes;
    private final AtomicLong heapUsed = new AtomicLong();
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    /** One namespace: its keys in order and what they use; writers hold its monitor. */
    private static final class Namespace {
        final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
        // The skip list's size() walks every node, so the count is kept here.
        long count;
        long bytes;
    }

    /** A store of at most 64 MiB of heap. */
    public InMemoryKeyValueStore() {
        this(builder());
    }

    private InMemoryKeyValueStore(Builder builder) {
        this.maximumBytes = builder.maximumBytes;
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        Namespace space = namespaces.get(namespace);
        return space == null
                ? Optional.empty()
                : Optional.ofNullable(space.entries.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(String namespace, String key, byte[] value, KeyValueQuota quota) {
        byte[] copy = value.clone();
        Namespace space = namespace(namespace);
        synchronized (space) {
            byte[] old = space.entries.get(key);
            long keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
            long oldBytes = old == null ? 0 : keyBytes + old.length;
            long bytes = space.bytes - oldBytes + keyBytes + copy.length;
            long count = space.count + (old == null ? 1 : 0);
            KeyValueQuotaException.check(namespace, count, bytes, quota);
            reserve(heapCost(key, copy) - (old == null ? 0 : heapCost(key, old)));
            space.entries.put(key, copy);
            space.count = count;
            space.bytes = bytes;
        }
    }

    @Override
    public void delete(String namespace, String key) {
        Namespace space = namespaces.get(namespace);
        if (space == null) {
            return;
        }
        synchronized (space) {
            byte[] old = space.entries.remove(key);
            if (old != null) {
                space.count--;
                space.bytes -= key.getBytes(StandardCharsets.UTF_8).length + old.length;
                heapUsed.addAndGet(-heapCost(key, old));
            }
        }
    }

    @Override
    public List<String> list(String namespace, String prefix, int limit) {
        Namespace space = namespaces.get(namespace);
        List<String> keys = new ArrayList<>(Math.min(limit, 64));
        if (space == null) {
            return keys;
        }
        for (String key : space.entries.tailMap(prefix).keySet()) {
            if (keys.size() == limit || !key.startsWith(prefix)) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    /** Returns the heap the entries and namespaces are accounted to use. */
    long heapUsed() {
        return heapUsed.get();
    }

    /** The heap one entry costs: its overhead, key characters (two bytes each) and value. */
    static long heapCost(String key, byte[] value) {
        return ENTRY_OVERHEAD + 2L * key.length() + value.length;
    }

    private Namespace namespace(String name) {
        Namespace space = namespaces.get(name);
        if (space != null) {
            return space;
        }
        // A namespace is only created for a put, so it is charged like an entry and never
        // removed: the grants bound how many there are.
        reserve(NAMESPACE_OVERHEAD + 2L * name.length());
        Namespace created = new Namespace();
        Namespace raced = namespaces.putIfAbsent(name, created);
        if (raced != null) {
            heapUsed.addAndGet(-(NAMESPACE_OVERHEAD + 2L * name.length()));
            return raced;
        }
        return created;
    }

    private void reserve(long cost) {
        if (cost <= 0) {
            heapUsed.addAndGet(cost);
            return;
        }
        long used;
        do {
            used = heapUsed.get();
            if (used + cost > maximumBytes) {
                throw new KeyValueQuotaException(
                        "maximumBytes",
                        "the in-memory key-value store is full: "
                                + used
                                + " of its maximumBytes "
                                + maximumBytes
                                + " bytes of heap are in use; raise"
                                + " InMemoryKeyValueStore.Builder.maximumBytes or lower the"
                                + " namespaces' quotas");
            }
        } while (!heapUsed.compareAndSet(used, used + cost));
    }

    /** Builds an {@link InMemoryKeyValueStore}. Not thread-safe; the store it builds is. */
    public static final class Builder {
        private long maximumBytes = 64L << 20;

        private Builder() {}

        /**
         * The heap all entries may take, counting each entry's real cost (about 160 bytes besides
         * its key and value); default 64 MiB. A write past it is refused.
         */
        public Builder maximumBytes(long maximumBytes) {
            if (maximumBytes < 1) {
                throw new IllegalArgumentException(
                        "maximumBytes must be at least 1 but was " + maximumBytes);
            }
            this.maximumBytes = maximumBytes;
            return this;
        }

        /** Returns the store. */
        public InMemoryKeyValueStore build() {
            return new InMemoryKeyValueStore(this);
        }
    }
}
