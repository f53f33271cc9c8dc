/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import org.junit.jupiter.api.Test;

/** A call the host cancelled is tagged as such, never as a timeout the plugin caused. */
class OutcomesTest {
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
