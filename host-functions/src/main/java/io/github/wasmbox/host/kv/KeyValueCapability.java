/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import io.github.wasmbox.host.CapabilityException;
import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wasmbox:kv}: a namespaced key-value store for plugins, backed by a {@link KeyValueStore}.
 *
 * <p>Every call first checks the namespace against the policy's key-value grants ({@code get} and
 * {@code list} need read, {@code put} and {@code delete} read-write); an ungranted namespace is a
 * denial and the store is never touched. Then keys (non-empty, at most {@link Builder#maxKeyBytes}
 * UTF-8 bytes) and values (at most {@link Builder#maxValueBytes}) are checked. A {@code put} is
 * held to the quota of the namespace's read-write grant ({@link
 * io.github.wasmbox.policy.KeyValueQuota}, enforced atomically by the store): over it, the plugin
 * receives {@code TOO_LARGE}, the runtime raises {@link
 * io.github.wasmbox.sandbox.PluginEvents.QuotaReached} and nothing stored is dropped. {@code list}
 * charges fuel per key walked. A store failure is {@code FAILED} for the plugin and logged for the
 * operator.
 *
 * <p>Thread-safe when the store is.
 */
@HostModule("wasmbox:kv")
public final class KeyValueCapability {
    private static final Logger LOG = LoggerFactory.getLogger(KeyValueCapability.class);

    private final KeyValueStore store;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final int maxListKeys;
    private final long fuelPerListedKey;

    /** A capability on {@code store} with the default caps. */
    public KeyValueCapability(KeyValueStore store) {
        this(builder(store));
    }

    private KeyValueCapability(Builder builder) {
        this.store = builder.store;
        this.maxKeyBytes = builder.maxKeyBytes;
        this.maxValueBytes = builder.maxValueBytes;
        this.maxListKeys = builder.maxListKeys;
        this.fuelPerListedKey = builder.fuelPerListedKey;
    }

    /** Returns a builder for a capability on {@code store}. */
    public static Builder builder(KeyValueStore store) {
        return new Builder(store);
    }

    /** {@code get(ns, key) -> i32}: the value's length, or {@code NOT_FOUND}. */
    @HostFunction
    public Optional<byte[]> get(HostCall call, String namespace, String key) {
        authorize(call, namespace, false);
        checkKey(key);
        return store(namespace, key, () -> store.get(namespace, key));
    }

    /**
     * {@code put(ns, key, value) -> i32}: 0, {@code DENIED} on a read-only namespace, {@code
     * TOO_LARGE} when the namespace's quota or the store's capacity would be passed (nothing stored
     * is dropped to make room).
     */
    @HostFunction
    public void put(HostCall call, String namespace, String key, byte[] value) {
        KeyValueAccess access = authorize(call, namespace, true);
        checkKey(key);
        if (value.length > maxValueBytes) {
            throw CapabilityException.tooLarge(
                    "value of "
                            + value.length
                            + " bytes exceeds the key-value cap of "
                            + maxValueBytes
                            + " bytes");
        }
        store(
                namespace,
                key,
                () -> {
                    store.put(namespace, key, value, access.quota());
                    return null;
                });
    }

    /** {@code delete(ns, key) -> i32}: 0, also when the key is absent. */
    @HostFunction
    public void delete(HostCall call, String namespace, String key) {
        authorize(call, namespace, true);
        checkKey(key);
        store(
                namespace,
                key,
                () -> {
                    store.delete(namespace, key);
                    return null;
                });
    }

    /**
     * {@code list(ns, prefix) -> i32}: a JSON array of the keys starting with {@code prefix},
     * sorted, at most {@link Builder#maxListKeys} of them. Charges {@link Builder#fuelPerListedKey}
     * for every key the store walks: the keys returned and the one that ends the walk.
     */
    @HostFunction
    public List<String> list(HostCall call, String namespace, String prefix) {
        authorize(call, namespace, false);
        List<String> keys =
                store(namespace, prefix + "*", () -> store.list(namespace, prefix, maxListKeys));
        call.charge(fuelPerListedKey * (keys.size() + 1L));
        return keys;
    }

    private static KeyValueAccess authorize(HostCall call, String namespace, boolean write) {
        KeyValueAccess access = call.policy().keyValueNamespaces().get(namespace);
        if (access == null) {
            throw CapabilityException.denied("namespace " + namespace);
        }
        if (write && !access.allowsWrite()) {
            throw CapabilityException.denied("namespace " + namespace + " (read-only)");
        }
        call.granted("kv", namespace);
        return access;
    }

    private void checkKey(String key) {
        if (key.isEmpty()) {
            throw CapabilityException.invalidArgument("key must not be empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxKeyBytes) {
            throw CapabilityException.tooLarge(
                    "key of " + bytes + " bytes exceeds the key cap of " + maxKeyBytes + " bytes");
        }
    }

    /** An operation on the store. */
    @FunctionalInterface
    private interface Operation<T> {
        T run();
    }

    private static <T> T store(String namespace, String key, Operation<T> operation) {
        try {
            return operation.run();
        } catch (KeyValueQuotaException e) {
            // The plugin's own doing and its own namespace: it may know which limit it hit.
            throw CapabilityException.quotaReached(e.quota(), e.getMessage());
        } catch (RuntimeException e) {
            // The plugin learns only that it failed; the operator gets the cause.
            LOG.warn(
                    "key-value store failed on {}/{}",
                    GuestText.escape(namespace, GuestText.MAX_NAME_CHARS),
                    GuestText.escape(key, GuestText.MAX_NAME_CHARS),
                    e);
            throw CapabilityException.failed("the key-value store failed");
        }
    }

    /** Builds a {@link KeyValueCapability}. Not thread-safe; the capability it builds is. */
    public static final class Builder {
        private final KeyValueStore store;
        private int maxKeyBytes = 512;
        private int maxValueBytes = 64 << 10;
        private int maxListKeys = 1_000;
        private long fuelPerListedKey = 100;

        private Builder(KeyValueStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The longest key in UTF-8 bytes; default 512, at least 1. */
        public Builder maxKeyBytes(int maxKeyBytes) {
            this.maxKeyBytes = atLeastOne("maxKeyBytes", maxKeyBytes);
            return this;
        }

        /** The largest value in bytes; default 64 KiB, at least 1. */
        public Builder maxValueBytes(int maxValueBytes) {
            this.maxValueBytes = atLeastOne("maxValueBytes", maxValueBytes);
            return this;
        }

        /** The most keys one {@code list} returns; default 1,000, at least 1. */
        public Builder maxListKeys(int maxListKeys) {
            this.maxListKeys = atLeastOne("maxListKeys", maxListKeys);
            return this;
        }

        /**
         * The fuel {@code list} charges per key the store walks, on top of the runtime's per-call
         * and per-byte host-call fuel; default 100, at least 0.
         */
        public Builder fuelPerListedKey(long fuelPerListedKey) {
            if (fuelPerListedKey < 0) {
                throw new IllegalArgumentException(
                        "fuelPerListedKey must be at least 0 but was " + fuelPerListedKey);
            }
            this.fuelPerListedKey = fuelPerListedKey;
            return this;
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
            }
            return value;
        }

        /** Returns the capability. */
        public KeyValueCapability build() {
            return new KeyValueCapability(this);
        }
    }
}
