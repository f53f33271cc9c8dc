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
    void theGuestRunsOnTheCallersThread() {
        AtomicReference<String> thread = new AtomicReference<>();
        PluginRuntime observed =
                PluginRuntime.builder()
                        .callerThreadCalls(true)
                        .listener(
                                new PluginListener() {
                                    @Override
                                    public void onCall(PluginEvents.Call event) {
                                        thread.set(Thread.currentThread().getName());
                                    }
                                })
                        .build();
        try (observed) {
            Plugin echo = observed.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
            assertThat(echo.call("echo", "hi".getBytes(UTF_8))).asString(UTF_8).isEqualTo("hi");
            assertThat(thread.get()).isEqualTo(Thread.currentThread().getName());
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
