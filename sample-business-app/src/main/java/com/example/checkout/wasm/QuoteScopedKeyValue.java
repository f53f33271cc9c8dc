/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.wasm;

import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code wasmbox:kv} as the app links it, in place of the starter's: the library's {@link
 * KeyValueCapability} (namespace grants, key and value caps, error codes) over a {@link
 * StagedKeyValueStore}, with each host call bound to the unit of work named in its call attributes.
 * The capability itself stays the single place that authorizes; this class only carries the unit
 * across to the plugin thread.
 *
 * <p>Thread-safe.
 */
@HostModule("wasmbox:kv")
public final class QuoteScopedKeyValue {
    private final KeyValueCapability capability;
    private final StagedKeyValueStore store;

    public QuoteScopedKeyValue(StagedKeyValueStore store) {
        this.capability = new KeyValueCapability(store);
        this.store = store;
    }

    @HostFunction
    public Optional<byte[]> get(HostCall call, String namespace, String key) {
        return store.within(unit(call), () -> capability.get(call, namespace, key));
    }

    @HostFunction
    public void put(HostCall call, String namespace, String key, byte[] value) {
        store.within(
                unit(call),
                () -> {
                    capability.put(call, namespace, key, value);
                    return null;
                });
    }

    @HostFunction
    public void delete(HostCall call, String namespace, String key) {
        store.within(
                unit(call),
                () -> {
                    capability.delete(call, namespace, key);
                    return null;
                });
    }

    @HostFunction
    public List<String> list(HostCall call, String namespace, String prefix) {
        return store.within(unit(call), () -> capability.list(call, namespace, prefix));
    }

    private static @Nullable String unit(HostCall call) {
        return call.context().attributes().get(StagedKeyValueStore.UNIT_ATTRIBUTE);
    }
}
