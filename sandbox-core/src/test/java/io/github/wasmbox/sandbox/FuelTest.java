/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fuel as the runtime applies it: budgets per call and per instantiation, host-call charges. */
class FuelTest {
    private final PluginRuntime runtime = PluginRuntime.builder().hostCallFuel(100, 1).build();

    @AfterEach
    void close() {
        runtime.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin", "spin_br_if"})
    void aFuelBudgetStopsEndlessLoopsLongBeforeTheDeadline(String function) {
        Plugin plugin =
                runtime.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(l -> l.fuel(1_000_000).timeout(Duration.ofMinutes(1))));

        assertThatThrownBy(() -> plugin.call(function, new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource()).isEqualTo(Resource.FUEL);
                            assertThat(e.limit()).isEqualTo(1_000_000);
                        })
                .hasMessageContaining("ran out of fuel: it used its whole budget of 1000000")
                .hasMessageContaining("Raise limits.fuel")
                // A log of the stop shows wasmbox's report, not the engine's trap on the
                // metering's unreachable and its generated frames.
                .hasNoCause();
    }

    @Test
    void aCallThatFinishesInDebtRanOutOfFuel() {
        Plugin costs =
                runtime.load("costs", Fixtures.source("costs"), Fixtures.limits(l -> l.fuel(5)));

        assertThatThrownBy(() -> costs.call("overdraw", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource()).isEqualTo(Resource.FUEL);
                            assertThat(e.limit()).isEqualTo(5);
                        });
    }

    @Test
    void startFunctionsRunOnTheInstantiationBudget() {
        Plugin plugin =
                runtime.load(
                        "start-loop",
                        Fixtures.source("start_loop"),
                        Fixtures.limits(
                                l -> l.instantiationFuel(10_000).timeout(Duration.ofMinutes(1))));

        assertThatThrownBy(() -> plugin.call("run", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource()).isEqualTo(Resource.FUEL);
                            assertThat(e.limit()).isEqualTo(10_000);
                        })
                .hasMessageContaining("whole budget of 10000");
    }

    @Test
    void fuelConsumedIsExactAndRepeatable() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        long first = echo.invoke("echo", new byte[10]).fuelConsumed();
        long second = echo.invoke("echo", new byte[10]).fuelConsumed();

        assertThat(first).isPositive().isEqualTo(second);
    }

    @Test
    void hostCallsAreChargedPerCallAndPerByteMoved() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        long empty = echo.invoke("echo", new byte[0]).fuelConsumed();
        long kilobyte = echo.invoke("echo", new byte[1000]).fuelConsumed();

        // input_read copies 1000 bytes in and output_write 1000 bytes out, at 1 fuel per byte;
        // the guest runs the same instructions either way.
        assertThat(kilobyte - empty).isEqualTo(2000);
        // Three host calls at 100 each, plus the guest's own instructions.
        assertThat(empty).isGreaterThan(300);
    }
}
