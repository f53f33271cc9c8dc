/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in soak: N copies of each plugin kind (benign echo, the hostile module, the WASI probe with
 * quotas) called from M threads for a bounded time, benign and hostile calls mixed. After a warm-up
 * round it records threads, open file descriptors ({@code /proc/self/fd}) and heap used after GC,
 * then asserts none of them grew past a small allowance by the end, and logs the figures. Run it
 * with {@code ./mvnw -pl sandbox-core verify -Psoak} (see docs/security.md for the knobs); it is
 * skipped in the default build.
 */
@EnabledIfSystemProperty(named = "wasmbox.soak.seconds", matches = "\\d+")
class SoakTest {
    private static final Logger log = LoggerFactory.getLogger(SoakTest.class);
    private static final long HEAP_ALLOWANCE = 32L << 20;

    private record Call(Plugin plugin, String function, String input) {}

    @Test
    void mixedBenignAndHostileCallsLeakNoThreadsFdsOrHeap() throws Exception {
        long seconds = Long.getLong("wasmbox.soak.seconds");
        int copies = Integer.getInteger("wasmbox.soak.plugins", 4);
        int threads = Integer.getInteger("wasmbox.soak.threads", 4);
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        try {
            // The callers exist before the baseline, so they are part of it.
            drive(callers, threads, List.of(), 0, served, refused);
            Snapshot baseline = Snapshot.take();
            Snapshot warm;
            Snapshot end;
            int plugins;
            int poolThreads;
            try (PluginRuntime runtime = PluginRuntime.builder().build()) {
                List<Call> calls = calls(runtime, copies);
                plugins = (int) calls.stream().map(Call::plugin).distinct().count();
                poolThreads = plugins * Fixtures.relaxed().limits().poolSize();
                // Warm-up: compiled classes, caches and pool threads exist before the measure.
                drive(
                        callers,
                        threads,
                        calls,
                        System.nanoTime() + Duration.ofSeconds(5).toNanos(),
                        served,
                        refused);
                warm = Snapshot.take();
                served.set(0);
                refused.set(0);
                long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                drive(callers, threads, calls, deadline, served, refused);
                end = Snapshot.take();
            }
            Snapshot closed = Snapshot.afterThreadsSettle(baseline.threads);
            log.info(
                    "soak: {} plugins x {} threads for {} s: {} calls served, {} refused;"
                            + " threads {} (before) / {} (warm) / {} (end) / {} (closed);"
                            + " open fds {} / {} / {} / {}; heap after GC {} / {} / {} / {} KiB",
                    plugins,
                    threads,
                    seconds,
                    served.get(),
                    refused.get(),
                    baseline.threads,
                    warm.threads,
                    end.threads,
                    closed.threads,
                    baseline.fds,
                    warm.fds,
                    end.fds,
                    closed.fds,
                    baseline.heap >> 10,
                    warm.heap >> 10,
                    end.heap >> 10,
                    closed.heap >> 10);
            assertThat(served.get()).isPositive();
            assertThat(refused.get()).isPositive();
            // Pools start threads lazily and retire idle ones, so while plugins are loaded the
            // bound is their pools; once the runtime is closed, every thread is gone.
            assertThat(end.threads).isLessThanOrEqualTo(baseline.threads + poolThreads);
            assertThat(closed.threads).isLessThanOrEqualTo(baseline.threads + 2);
            assertThat(end.fds).isLessThanOrEqualTo(warm.fds + 8);
            assertThat(closed.fds).isLessThanOrEqualTo(baseline.fds + 8);
            assertThat(end.heap).isLessThanOrEqualTo(warm.heap + HEAP_ALLOWANCE);
            assertThat(closed.heap).isLessThanOrEqualTo(baseline.heap + HEAP_ALLOWANCE);
        } finally {
            callers.shutdownNow();
        }
    }

    private static List<Call> calls(PluginRuntime runtime, int copies) {
        PluginPolicy hostilePolicy = Fixtures.limits(l -> l.timeout(Duration.ofMillis(100)));
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            Plugin echo = runtime.load("echo-" + i, Fixtures.source("echo"), Fixtures.relaxed());
            Plugin hostile =
                    runtime.load("hostile-" + i, Fixtures.source("hostile"), hostilePolicy);
            calls.add(new Call(echo, "echo", "benign"));
            for (String function :
                    new String[] {"spin", "bad_fd_write", "stdout_giant", "grow", "sleep"}) {
                calls.add(new Call(hostile, function, ""));
            }
            for (String scenario : new String[] {"files", "fill", "fds", "escape"}) {
                PluginPolicy policy =
                        Fixtures.limits(l -> l.maxOpenFiles(8).maxBytesWritten(64 << 10))
                                .toBuilder()
                                .args(scenario)
                                .preopen(
                                        PreopenGrant.inMemory("/data")
                                                .file("x.txt", "x".getBytes(UTF_8))
                                                .readOnly(false)
                                                .build())
                                .preopen(
                                        PreopenGrant.inMemory("/ro").file("r", new byte[1]).build())
                                .build();
                Plugin probe =
                        runtime.load(
                                "probe-" + scenario + "-" + i,
                                PluginSource.bytes(WasiTest.wasm("probe")),
                                policy);
                calls.add(new Call(probe, "_start", ""));
            }
        }
        return calls;
    }

    private static void drive(
            ExecutorService callers,
            int threads,
            List<Call> calls,
            long end,
            AtomicLong served,
            AtomicLong refused)
            throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            running.add(
                    callers.submit(
                            () -> {
                                for (int i = offset;
                                        !calls.isEmpty() && System.nanoTime() - end < 0;
                                        i++) {
                                    Call call = calls.get(i % calls.size());
                                    try {
                                        call.plugin.call(call.function, call.input.getBytes(UTF_8));
                                        served.incrementAndGet();
                                    } catch (PluginException e) {
                                        refused.incrementAndGet();
                                    }
                                }
                            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
    }

    private record Snapshot(int threads, long fds, long heap) {
        static Snapshot take() throws IOException, InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            return now();
        }

        /** Waits (bounded) for the closed runtime's threads to finish, then takes a snapshot. */
        static Snapshot afterThreadsSettle(int threads) throws IOException, InterruptedException {
            for (int i = 0;
                    i < 100 && ManagementFactory.getThreadMXBean().getThreadCount() > threads;
                    i++) {
                Thread.sleep(100);
            }
            return take();
        }

        private static Snapshot now() throws IOException {
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long fds;
            try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
                fds = entries.count();
            }
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), fds, heap);
        }
    }
}
