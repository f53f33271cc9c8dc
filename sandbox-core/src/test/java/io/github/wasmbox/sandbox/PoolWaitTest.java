/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting for an instance of a plugin's pool. A host function that calls back into the plugin whose
 * call it serves waits on the pool that call holds: with every instance busy that is a resource
 * cycle, and the runtime fails the inner call at once rather than letting it wait out {@code
 * acquireTimeout} while its caller waits on it. And the wait is not the plugin's time: a call that
 * queued longer than its timeout still gets its whole timeout once it has an instance.
 */
class PoolWaitTest {
    private final AtomicReference<PluginRuntime> runtime = new AtomicReference<>();
    private final AtomicReference<PluginException> refused = new AtomicReference<>();

    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hold;

    private final HostFunctionDefinition callBack =
            new HostFunctionDefinition(
                    "test:reentry",
                    "call_back",
                    List.of(),
                    List.of(WasmType.I32),
                    (call, args) -> {
                        if (hold) {
                            holding.countDown();
                            awaitIgnoringInterrupts(release);
                            return new long[] {0};
                        }
                        try {
                            runtime.get()
                                    .plugin("reentry")
                                    .orElseThrow()
                                    .invoke("inner", new byte[0]);
                            return new long[] {0};
                        } catch (PluginBusyException e) {
                            refused.set(e);
                            return new long[] {1};
                        }
                    });

    /** Like a host function that blocks on I/O and ignores interruption. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // ignored, on purpose
            }
        }
    }

    @AfterEach
    void close() {
        runtime.get().close();
    }

    private Plugin load(int poolSize) {
        return load(poolSize, Duration.ofSeconds(10), PluginRuntime.builder());
    }

    private Plugin load(int poolSize, Duration timeout, PluginRuntime.Builder builder) {
        runtime.set(builder.hostModules(() -> List.of(callBack)).build());
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(
                                Limits.defaults().toBuilder()
                                        .poolSize(poolSize)
                                        .timeout(timeout)
                                        // Far longer than the call's own timeout: a wait on the
                                        // pool would time the outer call out.
                                        .acquireTimeout(Duration.ofMinutes(5))
                                        .build())
                        .allowHostFunction("test:reentry", "call_back")
                        .build();
        return runtime.get().load("reentry", Fixtures.source("reentry"), policy);
    }

    @Test
    void aCallBackIntoABusyPoolFailsAtOnceAndSaysWhy() {
        Plugin plugin = load(1);

        assertThatThrownBy(() -> plugin.invoke("outer", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginFailedException.class, e -> assertThat(e.code()).isEqualTo(1));
        assertThat(refused.get())
                .isInstanceOf(PluginBusyException.class)
                .hasMessageContaining("called plugin 'reentry' back while serving one of its calls")
                .hasMessageContaining("pool (size 1)")
                .hasMessageContaining("raise limits.pool-size");
        // The plugin keeps serving.
        assertThat(plugin.invoke("inner", new byte[0]).output()).isEmpty();
        assertThat(plugin.pool()).isEqualTo(new PluginPool(1, 0, 0, 1, false));
    }

    @Test
    void thePoolViewShowsTheCallsHoldingAndWaitingForAnInstance() throws Exception {
        Plugin plugin = load(1);
        assertThat(plugin.pool()).isEqualTo(new PluginPool(1, 0, 0, 0, false));
        hold = true;
        ExecutorService callers = Executors.newFixedThreadPool(2);
        Future<CallResult> holder = callers.submit(() -> plugin.invoke("outer", new byte[0]));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(plugin.pool().inUse()).isEqualTo(1);
        Future<CallResult> waiter = callers.submit(() -> plugin.invoke("inner", new byte[0]));
        awaitPool(plugin, new PluginPool(1, 1, 1, 0, false));

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS).output()).isEmpty();
        assertThat(waiter.get(10, TimeUnit.SECONDS).output()).isEmpty();
        awaitPool(plugin, new PluginPool(1, 0, 0, 0, false));
        callers.shutdown();
    }

    /** Waits (bounded) until the pool reads {@code expected}: callers queue asynchronously. */
    private static void awaitPool(Plugin plugin, PluginPool expected) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(plugin.pool()).isEqualTo(expected));
    }

    @Test
    void aCallBackThatFindsAFreeInstanceRuns() {
        Plugin plugin = load(2);

        assertThat(plugin.invoke("outer", new byte[0]).output()).isEmpty();
        assertThat(refused.get()).isNull();
    }

    @Test
    void aCallThatQueuedLongerThanItsTimeoutStillGetsItsWholeTimeout() throws Exception {
        // On plugin threads: a host function that ignores its deadline holds a caller's own
        // thread past it (PluginRuntime.Builder#callerThreadCalls).
        Plugin plugin =
                load(1, Duration.ofMillis(500), PluginRuntime.builder().callerThreadCalls(false));
        plugin.invoke("inner", new byte[0]); // the pool's instance exists: no slow first call
        hold = true;
        // The first call holds the only instance in a host function that ignores its deadline:
        // its caller times out, its plugin thread keeps the lease until the host returns.
        ExecutorService callers = Executors.newFixedThreadPool(2);
        Future<?> first = callers.submit(() -> plugin.invoke("outer", new byte[0]));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Future<CallResult> queued = callers.submit(() -> plugin.invoke("inner", new byte[0]));
        assertThatThrownBy(first::get).hasCauseInstanceOf(PluginTimeoutException.class);
        Thread.sleep(500); // the queued call has now waited longer than its timeout
        release.countDown();

        assertThat(queued.get(10, TimeUnit.SECONDS).output()).isEmpty();
        callers.shutdown();
    }
}
