/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PluginRuntime.Builder#callerThreadCalls}: calls on the caller's thread. */
class CallerThreadCallsTest {
    private final PluginRuntime runtime = PluginRuntime.builder().callerThreadCalls(true).build();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void theGuestRunsOnTheCallersThreadWhateverItsStackSize() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        HostFunctionDefinition enter = Fixtures.depthProbe(thread);
        try (PluginRuntime observed =
                PluginRuntime.builder()
                        .callerThreadCalls(true)
                        .hostModules(() -> List.of(enter))
                        .build()) {
            Plugin depth =
                    observed.load(
                            "depth", Fixtures.source("depth"), Fixtures.depthPolicy(64L << 20));
            depth.call("descend", new byte[4]); // 0 frames deep
            assertThat(thread.get()).isSameAs(Thread.currentThread());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRISTINE", "STATEFUL"})
    void callsWorkInBothStateModes(String mode) {
        Plugin echo =
                runtime.load(
                        "echo",
                        Fixtures.source("echo"),
                        Fixtures.limits(l -> l.stateMode(StateMode.valueOf(mode))));
        for (int i = 0; i < 5; i++) {
            assertThat(echo.call("echo", ("n" + i).getBytes(UTF_8)))
                    .asString(UTF_8)
                    .isEqualTo("n" + i);
        }
    }

    @Test
    void anEndlessGuestEndsAtTheDeadlineAndTheInterruptDoesNotLeak() {
        Plugin hostile =
                runtime.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(
                                l -> l.timeout(Duration.ofMillis(200)).fuel(1_000_000_000_000L)));

        assertThatThrownBy(() -> hostile.call("spin", new byte[0]))
                .isInstanceOf(PluginTimeoutException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        assertThat(echo.call("echo", "alive".getBytes(UTF_8))).asString(UTF_8).isEqualTo("alive");
    }

    @Test
    void closingTheRuntimeCancelsACallInFlightOnItsCallersThread() throws Exception {
        Plugin hostile =
                runtime.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(
                                l -> l.timeout(Duration.ofMinutes(5)).fuel(1_000_000_000_000L)));
        ExecutorService callers =
                Executors.newSingleThreadExecutor(task -> new Thread(task, "test-caller"));
        try {
            Future<byte[]> spinning = callers.submit(() -> hostile.call("spin", new byte[0]));
            awaitGuestCodeOn("test-caller");

            runtime.close();

            assertThatThrownBy(() -> spinning.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(PluginCancelledException.class)
                    .hasMessageContaining("the runtime was closed");
        } finally {
            callers.shutdown();
        }
    }

    /** Waits until the thread named {@code name} runs guest code. */
    private static void awaitGuestCodeOn(String name) {
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                Thread.getAllStackTraces().entrySet().stream()
                                        .filter(e -> e.getKey().getName().equals(name))
                                        .flatMap(e -> Arrays.stream(e.getValue()))
                                        .anyMatch(f -> f.getClassName().startsWith("run.endive")));
    }

    @Test
    void anInterruptedCallerIsRefusedAndKeepsItsInterrupt() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        Thread.currentThread().interrupt();
        try {
            // Refused at the lease (busy) or before the guest starts (cancelled), as in the
            // default mode; either way the caller keeps its interrupt.
            assertThatThrownBy(() -> echo.call("echo", new byte[0]))
                    .isInstanceOfAny(PluginBusyException.class, PluginCancelledException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(echo.call("echo", "ok".getBytes(UTF_8))).asString(UTF_8).isEqualTo("ok");
    }

    @Test
    void deepRecursionIsAStackFaultNotACrash() {
        Plugin hostile = runtime.load("hostile", Fixtures.source("hostile"), Fixtures.relaxed());
        assertThatThrownBy(() -> hostile.call("recurse", new byte[0]))
                .isInstanceOf(ResourceExhaustedException.class);
    }
}
