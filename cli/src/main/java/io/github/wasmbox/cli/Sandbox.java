/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.record.RecordSink;
import io.github.wasmbox.sandbox.record.Recording;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A runtime with every built-in capability, as a host application that registers them all has: the
 * policy alone decides what a plugin may use. The key-value store starts empty and lives as long as
 * the command; plugin log lines go to stderr.
 */
final class Sandbox implements AutoCloseable {
    private final HttpCapability http = new HttpCapability();
    final PluginRuntime runtime;

    Sandbox() {
        this(null, null);
    }

    /** A sandbox that records the calls of plugin {@code name} into {@code records}, if given. */
    Sandbox(@Nullable String name, @Nullable Path records) {
        PluginRuntime.Builder builder = PluginRuntime.builder();
        if (name != null && records != null) {
            builder.record(name, Recording.to(RecordSink.jsonLines(records)).build());
        }
        runtime =
                builder.hostModules(
                                HostModules.of(
                                        new LogCapability(),
                                        new ClockCapability(),
                                        new RandomCapability(),
                                        new ConfigCapability(),
                                        new KeyValueCapability(new InMemoryKeyValueStore()),
                                        http))
                        .build();
    }

    @Override
    public void close() {
        try (http) {
            runtime.close();
        }
    }
}
