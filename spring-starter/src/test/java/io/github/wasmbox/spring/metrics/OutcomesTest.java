/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.PluginCounters;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every outcome is its own tag value, named as the endpoint counts it; a call the host cancelled is
 * tagged as such, never as a timeout the plugin caused.
 */
class OutcomesTest {
    @Test
    void everyOutcomeIsItsOwnTagValueNamedAsTheEndpointCountsIt() {
        Set<String> values = new HashSet<>();
        for (PluginEvents.Outcome outcome : PluginEvents.Outcome.values()) {
            assertThat(Outcomes.of(outcome)).isEqualTo(PluginCounters.key(outcome));
            values.add(Outcomes.of(outcome));
        }
        assertThat(values)
                .hasSize(PluginEvents.Outcome.values().length)
                .contains("busy", "output", "host_error")
                .doesNotContain(Outcomes.ERROR);
    }

    @ParameterizedTest
    @EnumSource(ResourceExhaustedException.Resource.class)
    void anExhaustedResourceIsTaggedWithItsOutcome(ResourceExhaustedException.Resource resource) {
        assertThat(
                        Outcomes.of(
                                new ResourceExhaustedException(
                                        "p", "f", resource, 1, 2, "exhausted", null)))
                .isEqualTo(Outcomes.of(PluginEvents.Outcome.valueOf(resource.name())));
    }

    @Test
    void failuresOfTheHostAndOfThePluginHaveTheirOwnValues() {
        assertThat(Outcomes.of(new HostFunctionException("p", "f", "broke", null)))
                .isEqualTo("host_error");
        assertThat(
                        Outcomes.of(
                                new PluginFailedException(
                                        "p", "f", PluginFailedException.Reason.RETURNED, 3, "no")))
                .isEqualTo("failed");
        assertThat(Outcomes.of((Throwable) null)).isEqualTo("success");
        assertThat(Outcomes.of(new IllegalStateException("not loaded"))).isEqualTo("error");
    }

    @Test
    void aCancelledCallIsTaggedCancelledNotTimeout() {
        assertThat(Outcomes.of(new PluginCancelledException("p", "f", "closed", null)))
                .isEqualTo("cancelled");
        assertThat(Outcomes.of(PluginEvents.Outcome.CANCELLED)).isEqualTo("cancelled");
        assertThat(Outcomes.of(new PluginTimeoutException("p", "f", null, "late", null)))
                .isEqualTo("timeout");
    }

    @Test
    void aCallNoInstanceWasFreeForIsTaggedBusy() {
        assertThat(Outcomes.of(new PluginBusyException("p", "f", "no free instance", null)))
                .isEqualTo("busy");
    }
}
