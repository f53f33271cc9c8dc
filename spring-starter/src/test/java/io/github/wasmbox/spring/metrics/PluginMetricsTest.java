/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.spring.PluginCallStatistics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginMetricsTest {
    private static PluginEvents.QuotaReached reached(String plugin, String quota) {
        return new PluginEvents.QuotaReached(
                new CallContext(plugin, "run", 1, Map.of()), "wasmbox:kv", quota);
    }

    @Test
    void reachedQuotasAreCountedByPluginCapabilityAndQuota() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PluginMetrics metrics = new PluginMetrics(registry);
        PluginCallStatistics statistics = new PluginCallStatistics();

        for (PluginEvents.QuotaReached event :
                new PluginEvents.QuotaReached[] {
                    reached("hoarder", "max-entries"),
                    reached("hoarder", "max-entries"),
                    reached("hoarder", "max-bytes")
                }) {
            metrics.onQuotaReached(event);
            statistics.onQuotaReached(event);
        }

        assertThat(
                        registry.get("wasmbox.plugin.quota.reached")
                                .tags("plugin", "hoarder", "capability", "wasmbox:kv")
                                .tag("quota", "max-entries")
                                .counter()
                                .count())
                .isEqualTo(2.0);
        assertThat(
                        registry.get("wasmbox.plugin.quota.reached")
                                .tag("quota", "max-bytes")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(statistics.counters("hoarder").quotasReached()).isEqualTo(3);
        assertThat(statistics.counters("hoarder").denials()).isZero();
    }
}
