/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.actuate.PluginsHealthIndicator;
import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The memory hog (a Rust plugin that hoards 1 MiB chunks until it is stopped) against a 4 MB
 * runtime budget, below its own 16 MB cap: the call ends as {@code MEMORY} naming the budget, the
 * gauges show the budget and the refusal, and the {@code plugins} health is OUT_OF_SERVICE.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        properties = {
            "wasmbox.plugins.hog.location=classpath:plugins/hostile-memory-hog.wasm",
            "wasmbox.plugins.hog.grants.host-functions=wasmbox:clock/now_millis,wasmbox:log/write",
            "wasmbox.plugins.hog.limits.max-memory=16MB",
            // The outcome under test is MEMORY: a busy machine must not turn it into TIMEOUT.
            "wasmbox.plugins.hog.limits.timeout=30s",
            "wasmbox.memory-budget.limit=4MB",
            UnpinnedFixtures.ALLOWED
        })
class MemoryBudgetHealthTest {
    private static final long LIMIT = 4L << 20;

    @Autowired PluginRegistry registry;
    @Autowired PluginsHealthIndicator health;
    @Autowired MeterRegistry meters;

    @Test
    void aCallRefusedAtTheBudgetTakesTheHealthOutOfServiceAndShowsInTheGauges() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        assertThatThrownBy(
                        () ->
                                registry.require("hog")
                                        .invoke("quote", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource())
                                    .isEqualTo(ResourceExhaustedException.Resource.MEMORY);
                            assertThat(e.getMessage()).contains("runtime's memory budget");
                        });

        Health refusing = health.health();
        assertThat(refusing.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(refusing.getDetails().get(PluginsHealthIndicator.MEMORY_BUDGET))
                .isInstanceOfSatisfying(
                        Map.class,
                        detail -> {
                            assertThat(detail.get("limitBytes")).isEqualTo(LIMIT);
                            assertThat((Long) detail.get("refusals")).isPositive();
                            assertThat(detail.get("refusing")).isEqualTo(true);
                        });
        assertThat(meters.get("wasmbox.memory.budget.limit").gauge().value()).isEqualTo(LIMIT);
        assertThat(meters.get("wasmbox.memory.budget.refusals").functionCounter().count())
                .isPositive();
        // The trapped instance was closed: nothing of the hoard stays reserved. Its array may be
        // kept as a spare, never more than half the budget.
        assertThat(meters.get("wasmbox.memory.budget.reserved").gauge().value()).isZero();
        assertThat(meters.get("wasmbox.memory.budget.spare").gauge().value())
                .isBetween(0.0, LIMIT / 2.0);
    }
}
