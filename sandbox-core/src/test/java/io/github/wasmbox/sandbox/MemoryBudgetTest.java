/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runtime-wide memory budget: the linear memory of all live instances together stays under it,
 * whatever hostile plugins do, and what they cannot get is refused as their own MEMORY exhaustion
 * while other plugins keep serving.
 */
class MemoryBudgetTest {
    private static final long MIB = 1 << 20;

    @Test
    void aStormOfLargeMemoryCallsIsRefusedAtTheBudgetWhileOtherPluginsKeepServing()
            throws Exception {
        try (PluginRuntime runtime = PluginRuntime.builder().memoryBudget(8 * MIB).build()) {
            Plugin good =
                    runtime.load(
                            "echo",
                            Fixtures.source("echo"),
                            Fixtures.limits(l -> l.poolSize(1).stateMode(StateMode.STATEFUL)));
            byte[] order = "order 42".getBytes(StandardCharsets.UTF_8);
            assertThat(good.call("echo", order)).isEqualTo(order); // its instance is pooled
            long goodReservation = runtime.memoryBudget().reservedBytes();
            // Each hog may grow to 16 MiB, four at a time: 64 MiB of worst case on an 8 MiB budget.
            // Never quarantined, so that its calls keep running four at a time and the budget
            // alone stops them.
            Plugin hog =
                    runtime.load(
                            "hog",
                            Fixtures.source("hostile"),
                            Fixtures.limits(
                                    l ->
                                            l.maxMemoryBytes(16 * MIB)
                                                    .poolSize(4)
                                                    .quarantineAfter(0)));

            ExecutorService attackers = Executors.newFixedThreadPool(4);
            AtomicInteger refused = new AtomicInteger();
            List<Future<?>> attacks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                attacks.add(
                        attackers.submit(
                                () -> {
                                    for (int i = 0; i < 5; i++) {
                                        try {
                                            hog.invoke("grow", new byte[0]);
                                        } catch (ResourceExhaustedException e) {
                                            assertThat(e.resource()).isEqualTo(Resource.MEMORY);
                                            assertThat(e.limit()).isEqualTo(8 * MIB);
                                            assertThat(e.getMessage())
                                                    .contains("runtime's memory budget")
                                                    .contains("stayed within its own limit");
                                            refused.incrementAndGet();
                                        }
                                    }
                                    return null;
                                }));
            }
            int served = 0;
            while (attacks.stream().anyMatch(f -> !f.isDone())) {
                assertThat(good.call("echo", order)).isEqualTo(order);
                assertThat(runtime.memoryBudget().reservedBytes()).isLessThanOrEqualTo(8 * MIB);
                served++;
            }
            for (Future<?> attack : attacks) {
                attack.get(); // rethrows a failed assertion
            }
            attackers.shutdown();
            assertThat(attackers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            // Every hog call was stopped by the budget, never by the JVM, and the good plugin
            // answered throughout.
            assertThat(refused).hasValue(20);
            assertThat(served).isPositive();
            assertThat(runtime.memoryBudget().refusals()).isGreaterThanOrEqualTo(20);
            // A trapped instance is closed, so the hogs hold nothing afterwards.
            assertThat(runtime.memoryBudget().reservedBytes()).isEqualTo(goodReservation);
        }
    }

    @Test
    void callsThatEndByClosingTheirInstanceReuseItsMemoryInsteadOfAllocatingAnew() {
        try (PluginRuntime runtime = PluginRuntime.builder().memoryBudget(256 * MIB).build()) {
            Plugin hog =
                    runtime.load(
                            "hog",
                            Fixtures.source("hostile"),
                            Fixtures.limits(l -> l.maxMemoryBytes(16 * MIB).poolSize(1)));
            // The first call creates the plugin's thread and the first 16 MiB of memory.
            assertThatThrownBy(() -> hog.invoke("grow", new byte[0]))
                    .isInstanceOf(ResourceExhaustedException.class);
            assertThat(runtime.memoryBudget().spareBytes()).isEqualTo(16 * MIB);

            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = allocated(threads);
            for (int i = 0; i < 20; i++) {
                // Each call grows a fresh instance to its 16 MiB cap and is stopped there, which
                // closes the instance: 1, 2, 4, 8 and 16 MiB arrays each time without spares.
                assertThatThrownBy(() -> hog.invoke("grow", new byte[0]))
                        .isInstanceOfSatisfying(
                                ResourceExhaustedException.class,
                                e -> assertThat(e.resource()).isEqualTo(Resource.MEMORY));
            }
            assertThat(allocated(threads) - before).isLessThan(16 * MIB);
            assertThat(runtime.memoryBudget().spareBytes()).isEqualTo(16 * MIB);
            assertThat(runtime.memoryBudget().reservedBytes()).isZero();
        }
    }

    /** Bytes every live thread has allocated so far. */
    private static long allocated(com.sun.management.ThreadMXBean threads) {
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
                .filter(bytes -> bytes > 0)
                .sum();
    }

    @Test
    void aStrictBudgetRefusesALoadWhoseWorstCaseExceedsItAndSaysWhatToChange() {
        try (PluginRuntime runtime =
                PluginRuntime.builder().memoryBudget(32 * MIB).strictMemoryBudget(true).build()) {
            runtime.load(
                    "small", Fixtures.source("echo"), Fixtures.limits(l -> l.maxMemoryBytes(MIB)));

            assertThatThrownBy(
                            () ->
                                    runtime.load(
                                            "big",
                                            Fixtures.source("echo"),
                                            Fixtures.limits(
                                                    l -> l.maxMemoryBytes(16 * MIB).poolSize(2))))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("plugin 'big' may hold 33554432 bytes")
                    .hasMessageContaining("pool-size 2 × max-memory 16777216")
                    .hasMessageContaining("the plugins loaded before it 4194304")
                    .hasMessageContaining("memory budget of 33554432 bytes");
            assertThat(runtime.plugin("big")).isEmpty();
            assertThat(runtime.memoryBudget().worstCaseBytes()).isEqualTo(4 * MIB);
        }
    }

    @Test
    void aLenientBudgetLoadsTheSamePlugin() {
        try (PluginRuntime runtime = PluginRuntime.builder().memoryBudget(32 * MIB).build()) {
            runtime.load(
                    "big",
                    Fixtures.source("echo"),
                    Fixtures.limits(l -> l.maxMemoryBytes(16 * MIB).poolSize(4)));
            assertThat(runtime.memoryBudget().worstCaseBytes()).isEqualTo(64 * MIB);
        }
    }

    @Test
    void unloadingAPluginGivesItsPooledMemoryBack() {
        try (PluginRuntime runtime = PluginRuntime.builder().memoryBudget(8 * MIB).build()) {
            Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
            echo.call("echo", new byte[] {1});
            assertThat(runtime.memoryBudget().reservedBytes()).isPositive();

            runtime.unload("echo");
            assertThat(runtime.memoryBudget().reservedBytes()).isZero();
        }
    }

    @Test
    void aBudgetSmallerThanAPageIsABuilderError() {
        assertThatThrownBy(() -> PluginRuntime.builder().memoryBudget(4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one Wasm page");
    }
}
