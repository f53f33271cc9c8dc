/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.wasm;

import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.policy.KeyValueQuota;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A key-value store whose writes made during a unit of work (one quote) are held back until the
 * quote commits, so that a quote that fails later — a hostile vendor stopped, the database down —
 * leaves no trace in plugin state either: a coupon is not spent by a quote that was never saved.
 *
 * <p>Plugins run on the runtime's own threads, outside the request's transaction, so the unit of
 * work travels as a call attribute ({@link #UNIT_ATTRIBUTE}) and {@link QuoteScopedKeyValue} binds
 * it to the plugin thread for the duration of each host call. Reads see the unit's own pending
 * writes first. {@link #commit} applies them through the delegate on the caller's thread, inside
 * its transaction when the delegate's data source takes part in Spring transactions.
 *
 * <p>Thread-safe. Two concurrent quotes may both read a counter before either commits (last commit
 * wins): acceptable for a demo's coupon counts, not for money.
 */
public final class StagedKeyValueStore implements KeyValueStore {
    /** The call attribute that names the unit of work. */
    public static final String UNIT_ATTRIBUTE = "checkout.unit";

    private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

    private final KeyValueStore delegate;
    private final Map<String, Map<Entry, Optional<Staged>>> pending = new ConcurrentHashMap<>();

    /** A namespace and key. */
    private record Entry(String namespace, String key) {}

    /** A value held back, with the quota of the grant it was written under. */
    private record Staged(byte[] value, KeyValueQuota quota) {}

    public StagedKeyValueStore(KeyValueStore delegate) {
        this.delegate = delegate;
    }

    /** Starts collecting the writes of unit {@code unit}. */
    public void begin(String unit) {
        pending.put(unit, new ConcurrentHashMap<>());
    }

    /** Applies the unit's writes to the delegate, in the order of their keys. */
    public void commit(String unit) {
        Map<Entry, Optional<Staged>> writes = pending.remove(unit);
        if (writes == null) {
            return;
        }
        writes.entrySet().stream()
                .sorted(
                        Map.Entry.comparingByKey(
                                java.util.Comparator.comparing(Entry::namespace)
                                        .thenComparing(Entry::key)))
                .forEach(
                        write -> {
                            Entry entry = write.getKey();
                            if (write.getValue().isPresent()) {
                                Staged staged = write.getValue().get();
                                delegate.put(
                                        entry.namespace(),
                                        entry.key(),
                                        staged.value(),
                                        staged.quota());
                            } else {
                                delegate.delete(entry.namespace(), entry.key());
                            }
                        });
    }

    /** Drops the unit's writes. */
    public void discard(String unit) {
        pending.remove(unit);
    }

    /** The number of units with writes held back (for tests: none may leak). */
    public int openUnits() {
        return pending.size();
    }

    /** Runs {@code action} with {@code unit} bound to this thread; null writes through. */
    <T> T within(@Nullable String unit, Supplier<T> action) {
        CURRENT.set(unit);
        try {
            return action.get();
        } finally {
            CURRENT.remove();
        }
    }

    private @Nullable Map<Entry, Optional<Staged>> staging() {
        String unit = CURRENT.get();
        return unit == null ? null : pending.get(unit);
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        Map<Entry, Optional<Staged>> staging = staging();
        if (staging != null) {
            Optional<Staged> staged = staging.get(new Entry(namespace, key));
            if (staged != null) {
                return staged.map(write -> write.value().clone());
            }
        }
        return delegate.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, byte[] value, KeyValueQuota quota) {
        Map<Entry, Optional<Staged>> staging = staging();
        if (staging == null) {
            delegate.put(namespace, key, value, quota);
        } else {
            staging.put(
                    new Entry(namespace, key),
                    Optional.of(new Staged(Arrays.copyOf(value, value.length), quota)));
        }
    }

    @Override
    public void delete(String namespace, String key) {
        Map<Entry, Optional<Staged>> staging = staging();
        if (staging == null) {
            delegate.delete(namespace, key);
        } else {
            staging.put(new Entry(namespace, key), Optional.empty());
        }
    }

    @Override
    public List<String> list(String namespace, String prefix, int limit) {
        Map<Entry, Optional<Staged>> staging = staging();
        if (staging == null) {
            return delegate.list(namespace, prefix, limit);
        }
        // Each staged delete may hide one stored key, so fetch that many more.
        long hidden = staging.values().stream().filter(Optional::isEmpty).count();
        List<String> stored =
                delegate.list(namespace, prefix, (int) Math.min(Integer.MAX_VALUE, limit + hidden));
        TreeSet<String> keys = new TreeSet<>(stored);
        staging.forEach(
                (entry, value) -> {
                    if (entry.namespace().equals(namespace) && entry.key().startsWith(prefix)) {
                        if (value.isPresent()) {
                            keys.add(entry.key());
                        } else {
                            keys.remove(entry.key());
                        }
                    }
                });
        return keys.stream().limit(limit).toList();
    }
}
