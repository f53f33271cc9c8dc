/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.PluginPolicy;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Plugin} handed to callers: a stable handle that always calls the current version, so a
 * {@link PluginRuntime#replace} takes effect for everyone holding it.
 */
final class PluginHandle implements Plugin {
    private final String name;
    private final AtomicReference<PluginVersion> current;
    private final LongAdder acquireTimeouts = new LongAdder();
    private volatile boolean unloaded;

    PluginHandle(PluginVersion version) {
        this.name = version.name();
        this.current = new AtomicReference<>(version);
    }

    PluginVersion current() {
        return current.get();
    }

    /** Swaps in a new version and returns the old one, which the caller retires. */
    PluginVersion swap(PluginVersion next) {
        return current.getAndSet(next);
    }

    void unloaded() {
        unloaded = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String sha256() {
        return current().sha256();
    }

    @Override
    public PluginPolicy policy() {
        return current().policy();
    }

    @Override
    public AuditReport auditReport() {
        return current().audit();
    }

    @Override
    public Set<String> functions() {
        return current().functions();
    }

    @Override
    public byte[] call(String function, byte[] input) {
        return invoke(function, input).output();
    }

    @Override
    public Object call(String function, Object input, Type resultType) {
        PayloadCodec codec = current().codec();
        byte[] output = call(function, input instanceof byte[] raw ? raw : codec.encode(input));
        try {
            return codec.decode(output, resultType);
        } catch (IllegalArgumentException e) {
            throw new PluginOutputException(name, function, resultType, e);
        }
    }

    @Override
    public PayloadCodec codec() {
        return current().codec();
    }

    @Override
    public PluginPool pool() {
        return current().pool(acquireTimeouts.sum());
    }

    @Override
    public CallResult invoke(String function, byte[] input) {
        return invoke(function, input, Map.of());
    }

    @Override
    public CallResult invoke(String function, byte[] input, Map<String, String> attributes) {
        while (true) {
            if (unloaded) {
                throw new IllegalStateException("plugin '" + name + "' was unloaded");
            }
            PluginVersion version = current();
            try {
                return version.invoke(function, input, attributes);
            } catch (PluginBusyException e) {
                acquireTimeouts.increment();
                throw e;
            } catch (RejectedExecutionException e) {
                if (current() == version) {
                    throw new IllegalStateException("plugin '" + name + "' was unloaded", e);
                }
                // Replaced between reading the version and submitting: retry on the new one.
            }
        }
    }

    @Override
    public String toString() {
        return "Plugin[" + name + ", sha256=" + sha256() + "]";
    }
}
