/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Lookups, calls and status reads from several threads while the registry reloads a plugin and adds
 * and unloads others (each addition grows the registry's map): no reader sees a missing plugin, a
 * failed call or a status that mixes states, and the decorators wrap each plugin once.
 */
class PluginRegistryConcurrencyTest {
    private static final int READERS = 3;
    private static final int ROUNDS = 30;

    @Test
    void readersNeverSeeATornRegistryDuringReloads() {
        AtomicInteger echoDecorations = new AtomicInteger();
        PluginDecorator counting =
                plugin -> {
                    if (plugin.name().equals("echo")) {
                        echoDecorations.incrementAndGet();
                    }
                    return plugin;
                };
        WasmboxAutoConfigurationTest.RUNNER
                .withPropertyValues(WasmboxAutoConfigurationTest.ECHO)
                .withBean(PluginDecorator.class, () -> counting)
                .run(
                        context -> {
                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            Plugin echo = registry.require("echo");
                            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
                            AtomicBoolean reloading = new AtomicBoolean(true);
                            ExecutorService readers = Executors.newFixedThreadPool(READERS);
                            List<Future<Integer>> reads = new ArrayList<>();
                            for (int r = 0; r < READERS; r++) {
                                byte[] input = ("reader " + r).getBytes(UTF_8);
                                reads.add(
                                        readers.submit(
                                                () -> read(registry, echo, input, reloading)));
                            }
                            try {
                                for (int round = 0; round < ROUNDS; round++) {
                                    registry.reload("echo");
                                    String extra = "extra-" + round;
                                    registry.replace(
                                            extra,
                                            PluginSource.classpath("plugins/echo.wasm")
                                                    .sha256(
                                                            WasmboxAutoConfigurationTest
                                                                    .ECHO_SHA256),
                                            PluginPolicy.builder().build());
                                    registry.unload(extra);
                                }
                            } finally {
                                reloading.set(false);
                            }
                            for (Future<Integer> read : reads) {
                                try {
                                    assertThat(read.get(60, TimeUnit.SECONDS)).isPositive();
                                } catch (java.util.concurrent.ExecutionException e) {
                                    failures.add(e.getCause());
                                }
                            }
                            readers.shutdown();

                            assertThat(failures).isEmpty();
                            assertThat(echoDecorations).hasValue(1);
                            assertThat(registry.names()).hasSize(1 + ROUNDS).startsWith("echo");
                            assertThat(registry.status("extra-0").orElseThrow().state())
                                    .isEqualTo(PluginStatus.State.UNLOADED);
                        });
    }

    /** Reads until the reloads end; returns how many rounds it read, throws what it saw wrong. */
    private static int read(
            PluginRegistry registry, Plugin echo, byte[] input, AtomicBoolean reloading) {
        int rounds = 0;
        do {
            assertThat(registry.require("echo")).isSameAs(echo);
            assertThat(echo.call("echo", input)).isEqualTo(input);
            PluginStatus status = registry.status("echo").orElseThrow();
            assertThat(status.state()).isEqualTo(PluginStatus.State.LOADED);
            assertThat(status.sha256()).isEqualTo(WasmboxAutoConfigurationTest.ECHO_SHA256);
            for (PluginStatus any : registry.statuses()) {
                // A plugin serves exactly when its status carries a version.
                boolean serving = any.state() == PluginStatus.State.LOADED;
                assertThat(any.sha256() != null).as(any.name()).isEqualTo(serving);
                assertThat(any.policy() != null).as(any.name()).isEqualTo(serving);
                assertThat(any.audit() != null).as(any.name()).isEqualTo(serving);
            }
            rounds++;
        } while (reloading.get());
        return rounds;
    }
}
