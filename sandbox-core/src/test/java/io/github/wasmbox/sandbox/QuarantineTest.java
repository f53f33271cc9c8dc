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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code limits.quarantine-after}: a plugin whose calls the sandbox keeps stopping runs one call at
 * a time until one succeeds. depth.wat recurses as deep as its input asks, so a huge depth is a
 * call stopped for {@code STACK} and depth 1 one that succeeds; its first host call ({@code
 * test:depth/enter}) counts the calls inside the guest and can hold them there.
 */
class QuarantineTest {
    private static final byte[] ENDLESS = depth(100_000_000);
    private static final byte[] SHALLOW = depth(1);

    private final AtomicInteger inside = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    private final HostFunctionDefinition enter =
            new HostFunctionDefinition(
                    "test:depth",
                    "enter",
                    List.of(),
                    List.of(),
                    (call, args) -> {
                        inside.incrementAndGet();
                        try {
                            if (!gate.await(1, TimeUnit.MINUTES)) {
                                throw new IllegalStateException("the test never opened the gate");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            inside.decrementAndGet();
                        }
                        return new long[0];
                    });

    private final PluginRuntime runtime =
            PluginRuntime.builder().hostModules(() -> List.of(enter)).build();

    @AfterEach
    void close() {
        gate.countDown();
        callers.shutdownNow();
        runtime.close();
    }

    private static byte[] depth(int frames) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(frames).array();
    }

    private Plugin load(UnaryOperator<Limits.Builder> limits) {
        PluginPolicy depth = Fixtures.depthPolicy(256 << 10);
        PluginPolicy policy =
                depth.toBuilder()
                        .limits(limits.apply(depth.limits().toBuilder().poolSize(4)).build())
                        .build();
        return runtime.load("depth", Fixtures.source("depth"), policy);
    }

    private static void stopped(Plugin plugin) {
        assertThatThrownBy(() -> plugin.invoke("descend", ENDLESS))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e ->
                                assertThat(e.resource())
                                        .isEqualTo(ResourceExhaustedException.Resource.STACK));
    }

    @Test
    void aPluginStoppedCallAfterCallRunsOneCallAtATimeUntilOneSucceeds() throws Exception {
        Plugin plugin = load(l -> l.quarantineAfter(3).acquireTimeout(Duration.ofMinutes(1)));
        stopped(plugin);
        stopped(plugin);
        assertThat(plugin.pool().quarantined()).isFalse();
        stopped(plugin);
        assertThat(plugin.pool().quarantined()).isTrue();

        gate = new CountDownLatch(1);
        Future<CallResult> first = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        Future<CallResult> second = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        // One call is in the guest, holding the whole pool; the other waits for it, with three of
        // the four instances idle.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(inside).hasValue(1);
                            assertThat(plugin.pool()).isEqualTo(new PluginPool(4, 1, 1, 0, true));
                        });

        gate.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).output()).isEmpty();
        assertThat(second.get(10, TimeUnit.SECONDS).output()).isEmpty();
        assertThat(plugin.pool().quarantined()).isFalse();

        // Out of quarantine: both calls are in the guest at once.
        gate = new CountDownLatch(1);
        first = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        second = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inside).hasValue(2));
        assertThat(plugin.pool()).isEqualTo(new PluginPool(4, 2, 0, 0, false));
        gate.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallThatFindsNoTurnInQuarantineIsBusyAndSaysWhy() throws Exception {
        Plugin plugin = load(l -> l.quarantineAfter(1).acquireTimeout(Duration.ofMillis(200)));
        stopped(plugin);

        gate = new CountDownLatch(1);
        Future<CallResult> holder = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inside).hasValue(1));
        assertThatThrownBy(() -> plugin.invoke("descend", SHALLOW))
                .isInstanceOf(PluginBusyException.class)
                .hasMessageContaining(
                        "plugin 'depth' is quarantined: the sandbox stopped its last 1 calls")
                .hasMessageContaining("within 200 ms")
                .hasMessageContaining("limits.quarantine-after");
        gate.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS).output()).isEmpty();
        assertThat(plugin.pool()).isEqualTo(new PluginPool(4, 0, 0, 1, false));
    }

    @Test
    void zeroNeverQuarantines() throws Exception {
        Plugin plugin = load(l -> l.quarantineAfter(0));
        for (int i = 0; i < 6; i++) {
            stopped(plugin);
        }
        assertThat(plugin.pool().quarantined()).isFalse();

        gate = new CountDownLatch(1);
        Future<CallResult> first = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        Future<CallResult> second = callers.submit(() -> plugin.invoke("descend", SHALLOW));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inside).hasValue(2));
        gate.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
    }

    @Test
    void onlyCallsTheSandboxStoppedCountAndTheCountStaysBounded() {
        Quarantine quarantine =
                new Quarantine("p", Limits.builder().quarantineAfter(2).poolSize(3).build());
        quarantine.ended(PluginEvents.Outcome.FUEL);
        // Not the plugin's doing: counted neither way.
        quarantine.ended(PluginEvents.Outcome.BUSY);
        quarantine.ended(PluginEvents.Outcome.HOST_ERROR);
        quarantine.ended(PluginEvents.Outcome.CANCELLED);
        quarantine.ended(PluginEvents.Outcome.INPUT);
        assertThat(quarantine.active()).isFalse();
        assertThat(quarantine.leases()).isEqualTo(1);
        quarantine.ended(PluginEvents.Outcome.DENIED);
        assertThat(quarantine.active()).isTrue();
        assertThat(quarantine.leases()).isEqualTo(3);
        for (int i = 0; i < 10; i++) {
            quarantine.ended(PluginEvents.Outcome.TRAP);
        }
        // A failure the plugin reports itself is the plugin working: one ends the quarantine,
        // however long it lasted.
        quarantine.ended(PluginEvents.Outcome.FAILED);
        assertThat(quarantine.active()).isFalse();
        quarantine.ended(PluginEvents.Outcome.TIMEOUT);
        assertThat(quarantine.active()).isFalse();
    }
}
