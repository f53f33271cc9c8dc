/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PluginEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The window counts the calls of its length back, on a clock the test moves. */
class RecentCallOutcomesTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final RecentCallOutcomes recent =
            new RecentCallOutcomes(Duration.ofSeconds(10), now::get);

    static PluginEvents.Call call(PluginEvents.Outcome outcome) {
        return new PluginEvents.Call(
                new CallContext("p", "f", 1, Map.of()),
                outcome,
                Duration.ZERO,
                Duration.ZERO,
                0,
                0,
                Optional.empty());
    }

    @Test
    void countsEachOutcomeOfTheWindowAndForgetsOlderCalls() {
        recent.onCall(call(PluginEvents.Outcome.BUSY));
        now.addAndGet(5 * SECOND);
        recent.onCall(call(PluginEvents.Outcome.SUCCESS));
        recent.onCall(call(PluginEvents.Outcome.SUCCESS));
        recent.onCall(call(PluginEvents.Outcome.BUSY));

        RecentCallOutcomes.Snapshot both = recent.snapshot();
        assertThat(both.calls()).isEqualTo(4);
        assertThat(both.rate(PluginEvents.Outcome.BUSY)).isEqualTo(0.5);
        assertThat(both.rate(PluginEvents.Outcome.TIMEOUT)).isZero();

        now.addAndGet(6 * SECOND); // the first call is now 11 s old
        RecentCallOutcomes.Snapshot later = recent.snapshot();
        assertThat(later.calls()).isEqualTo(3);
        assertThat(later.outcomes())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(PluginEvents.Outcome.SUCCESS, 2L, PluginEvents.Outcome.BUSY, 1L));

        // A call in the slot of a slice that has left the window starts that slot afresh.
        now.addAndGet(4 * SECOND);
        recent.onCall(call(PluginEvents.Outcome.TIMEOUT));
        RecentCallOutcomes.Snapshot fresh = recent.snapshot();
        assertThat(fresh.calls()).isEqualTo(1);
        assertThat(fresh.rate(PluginEvents.Outcome.TIMEOUT)).isEqualTo(1.0);

        now.addAndGet(60 * SECOND);
        assertThat(recent.snapshot().calls()).isZero();
        assertThat(recent.snapshot().rate(PluginEvents.Outcome.BUSY)).isZero();
    }

    @Test
    void aWindowMustBePositive() {
        assertThatThrownBy(() -> new RecentCallOutcomes(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
