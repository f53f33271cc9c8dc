/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.policy.ClockPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClockCapabilityTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123456789Z");

    private final ClockCapability clock =
            ClockCapability.builder()
                    .wallClock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .ticker(() -> 1_234_567_891L)
                    .build();

    private static FakeHostCall call(ClockPolicy policy) {
        return new FakeHostCall(TestPolicy.policy().clock(policy).build());
    }

    @Test
    void systemModeReadsTheClocks() {
        FakeHostCall call = call(ClockPolicy.system());
        assertThat(clock.nowMillis(call)).isEqualTo(NOW.toEpochMilli());
        assertThat(clock.monotonicNanos(call)).isEqualTo(1_234_567_891L);
    }

    @Test
    void coarsenedModeRoundsDown() {
        FakeHostCall call = call(ClockPolicy.coarsened(Duration.ofSeconds(1)));
        assertThat(clock.nowMillis(call))
                .isEqualTo(Instant.parse("2026-11-22T10:15:30Z").toEpochMilli());
        assertThat(clock.monotonicNanos(call)).isEqualTo(1_000_000_000L);
    }

    @Test
    void fixedModeIsReproducible() {
        Instant fixed = Instant.parse("2000-01-01T00:00:00Z");
        FakeHostCall call = call(ClockPolicy.fixed(fixed));
        assertThat(clock.nowMillis(call)).isEqualTo(fixed.toEpochMilli());
        assertThat(clock.monotonicNanos(call)).isZero();
    }
}
