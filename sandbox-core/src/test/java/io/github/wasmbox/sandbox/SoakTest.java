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
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            List<Call> calls = calls(runtime, copies);
            AtomicLong served = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            try {
                // Warm-up: every pool thread and compiled class exists before the baseline.
                drive(
                        callers,
                        threads,
                        calls,
                        System.nanoTime() + Duration.ofSeconds(2).toNanos(),
                        served,
                        refused);
                Snapshot before = Snapshot.take();
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                served.set(0);
                refused.set(0);
                drive(callers, threads, calls, end, served, refused);
                Snapshot after = Snapshot.take();
                log.info(
                        "soak: {} plugins x {} threads for {} s: {} calls served, {} refused;"
                                + " threads {} -> {}, open fds {} -> {}, heap after GC {} MiB -> {} MiB",
                        calls.size(),
                        threads,
                        seconds,
                        served.get(),
                        refused.get(),
                        before.threads,
                        after.threads,
                        before.fds,
                        after.fds,
                        before.heap >> 20,
                        after.heap >> 20);
                assertThat(served.get() + refused.get()).isPositive();
                assertThat(after.threads).isLessThanOrEqualTo(before.threads + 2);
                assertThat(after.fds).isLessThanOrEqualTo(before.fds + 8);
                assertThat(after.heap).isLessThanOrEqualTo(before.heap + HEAP_ALLOWANCE);
            } finally {
                callers.shutdownNow();
            }
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
                                .args("probe", scenario)
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
                                for (int i = offset; System.nanoTime() - end < 0; i++) {
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
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long fds;
            try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
                fds = entries.count();
            }
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), fds, heap);
        }
    }
}
