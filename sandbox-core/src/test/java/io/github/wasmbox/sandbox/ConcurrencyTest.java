/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.StateMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrencyTest {

    @ParameterizedTest
    @EnumSource(StateMode.class)
    void manyThreadsShareABoundedPool(StateMode mode) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            Plugin echo =
                    runtime.load(
                            "echo",
                            Fixtures.source("echo"),
                            Fixtures.limits(
                                    l ->
                                            l.poolSize(2)
                                                    .stateMode(mode)
                                                    .acquireTimeout(Duration.ofSeconds(30))));
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(
                        callers.submit(
                                () -> {
                                    for (int i = 0; i < 40; i++) {
                                        String message = "t" + thread + "-" + i;
                                        byte[] out = echo.call("echo", message.getBytes(UTF_8));
                                        if (!new String(out, UTF_8).equals(message)) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCallerThatCannotGetAnInstanceInTimeIsTurnedAway() throws Exception {
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            Plugin hostile =
                    runtime.load(
                            "hostile",
                            Fixtures.source("hostile"),
                            Fixtures.limits(
                                    l ->
                                            l.poolSize(1)
                                                    .fuel(1_000_000_000_000L)
                                                    .timeout(Duration.ofSeconds(5))
                                                    .acquireTimeout(Duration.ofMillis(50))));
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Void> sleeper =
                    CompletableFuture.runAsync(
                            () -> {
                                started.countDown();
                                hostile.call("spin", new byte[0]);
                            });
            started.await();
            // The spinner holds the only lease until its 5 s deadline; poll until it has it.
            Throwable busy = null;
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (busy == null && System.nanoTime() < until) {
                try {
                    hostile.call("out_of_bounds", new byte[0]);
                } catch (PluginBusyException e) {
                    busy = e;
                } catch (PluginTrapException e) {
                    // The spinner had not taken the lease yet.
                }
            }
            assertThat(busy)
                    .isInstanceOf(PluginBusyException.class)
                    .hasMessageContaining("within 50 ms (pool size 1)");
            runtime.close();
            assertThatThrownBy(sleeper::join).hasCauseInstanceOf(PluginCancelledException.class);
        }
    }

    @Test
    void closeStopsCallsInFlightAndReleasesItsThreads() throws Exception {
        PluginRuntime runtime = PluginRuntime.builder().callerThreadCalls(false).build();
        Plugin hostile =
                runtime.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(
                                l -> l.timeout(Duration.ofMinutes(5)).fuel(1_000_000_000_000L)));
        CompletableFuture<byte[]> spinning =
                CompletableFuture.supplyAsync(() -> hostile.call("spin", new byte[0]));
        Thread worker = awaitThread("wasmbox-hostile-");

        runtime.close();

        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThatThrownBy(() -> spinning.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PluginCancelledException.class);
    }

    private static Thread awaitThread(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith(prefix)) {
                    return thread;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no thread " + prefix + "* started");
    }
}
