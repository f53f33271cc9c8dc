package io.github.wasmbox.host.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;

/**
 * A {@link KeyValueStore} in the JVM heap, bounded by weight (key plus value bytes) through
 * Caffeine: when full, the least recently used entries are evicted, so it is a cache for plugin
 * state, not a database. Data is lost on restart and not shared between replicas; use {@link
 * JdbcKeyValueStore} for that. Listing scans all entries.
 *
 * <p>Thread-safe.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private record Entry(String namespace, String key) {}

    private final Cache<Entry, byte[]> entries;

    /** A store of at most 64 MiB. */
    public InMemoryKeyValueStore() {
        this(builder());
    }

    private InMemoryKeyValueStore(Builder builder) {
        this.entries =
                Caffeine.newBuilder()
                        .maximumWeight(builder.maximumBytes)
                        .weigher(
                                (Entry entry, byte[] value) ->
                                        (int)
                                                Math.min(
                                                        Integer.MAX_VALUE,
                                                        2L
                                                                        * (entry.namespace()
                                                                                        .length()
                                                                                + entry.key()
                                                                                        .length())
                                                                + value.length))
                        .build();
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        return Optional.ofNullable(entries.getIfPresent(new Entry(namespace, key)))
                .map(byte[]::clone);
    }

    @Override
    public void put(String namespace, String key, byte[] value) {
        entries.put(new Entry(namespace, key), value.clone());
    }

    @Override
    public void delete(String namespace, String key) {
        entries.invalidate(new Entry(namespace, key));
    }

    @Override
    public List<String> list(String namespace, String prefix, int limit) {
        return entries.asMap().keySet().stream()
                .filter(e -> e.namespace().equals(namespace) && e.key().startsWith(prefix))
                .map(Entry::key)
                .sorted()
                .limit(limit)
                .toList();
    }

    /** Builds an {@link InMemoryKeyValueStore}. Not thread-safe; the store it builds is. */
    public static final class Builder {
        private long maximumBytes = 64L << 20;

        private Builder() {}

        /** The approximate heap the entries may take (UTF-16 keys and values); default 64 MiB. */
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
