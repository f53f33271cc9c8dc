/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.actuate.PluginsHealthIndicator;
import io.github.wasmbox.spring.autoconfigure.WasmboxActuatorAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxMetricsAutoConfiguration;
import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Saturation is visible and the health says so: real plugins, a pool of one instance held by an
 * endless loop, so that a second call finds no instance ({@code busy}); an output flood ({@code
 * output}). Each outcome is its own value of the calls timer, the timer and the {@code plugins}
 * endpoint's counters agree, the pool wait has its own timer, and the {@code plugins} health is
 * OUT_OF_SERVICE because a third of the recent calls found their pool saturated.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        properties = {
            "wasmbox.plugins.loop.location=classpath:plugins/hostile-endless-loop.wasm",
            "wasmbox.plugins.loop.grants.host-functions=wasmbox:clock/now_millis,wasmbox:log/write",
            "wasmbox.plugins.loop.pool.size=1",
            "wasmbox.plugins.loop.pool.acquire-timeout=200ms",
            // The loop ends at its deadline, long after the second call gave up waiting.
            "wasmbox.plugins.loop.limits.fuel=1000000000000",
            "wasmbox.plugins.loop.limits.timeout=3s",
            "wasmbox.plugins.flood.location=classpath:plugins/hostile-output-flood.wasm",
            "wasmbox.plugins.flood.grants.host-functions=wasmbox:clock/now_millis,wasmbox:log/write",
            "wasmbox.plugins.flood.limits.max-output=64KB",
            "wasmbox.plugins.flood.limits.timeout=30s",
            "wasmbox.health.minimum-calls=3",
            UnpinnedFixtures.ALLOWED
        })
class SaturationHealthTest {
    private static final byte[] ORDER = "{}".getBytes(StandardCharsets.UTF_8);

    @Autowired PluginRegistry registry;
    @Autowired PluginCallStatistics statistics;
    @Autowired MeterRegistry meters;
    @Autowired PluginsHealthIndicator health;

    @Test
    void busyAndOutputAreTheirOwnOutcomesAndASaturatedPoolTakesTheHealthOutOfService()
            throws Exception {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        assertThatThrownBy(() -> registry.require("flood").invoke("quote", ORDER))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e ->
                                assertThat(e.resource())
                                        .isEqualTo(ResourceExhaustedException.Resource.OUTPUT));
        // Two calls at once on a pool of one: whichever comes second waits 200 ms and is busy.
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Future<PluginException>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> failure(registry.require("loop"))));
            }
            List<Class<?>> failures = new ArrayList<>();
            for (Future<PluginException> call : calls) {
                failures.add(call.get(1, TimeUnit.MINUTES).getClass());
            }
            assertThat(failures).contains(PluginBusyException.class).hasSize(2);
        } finally {
            callers.shutdownNow();
        }

        assertThat(timer("flood", "output").count()).isEqualTo(1);
        assertThat(timer("loop", "busy").count()).isEqualTo(1);
        for (String plugin : List.of("flood", "loop")) {
            PluginCounters counters = statistics.counters(plugin);
            for (Map.Entry<String, Long> outcome : counters.outcomes().entrySet()) {
                assertThat(timer(plugin, outcome.getKey()).count())
                        .as("%s %s", plugin, outcome.getKey())
                        .isEqualTo(outcome.getValue());
            }
            assertThat(meters.get("wasmbox.plugin.calls").tag("plugin", plugin).timers())
                    .as("every timer of %s is an outcome the endpoint counts", plugin)
                    .allSatisfy(
                            timer ->
                                    assertThat(counters.outcomes())
                                            .containsKey(timer.getId().getTag("outcome")));
        }
        Timer waits = meters.get("wasmbox.plugin.pool.wait").tag("plugin", "loop").timer();
        assertThat(waits.count()).isEqualTo(2);
        assertThat(waits.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);

        Health saturated = health.health();
        assertThat(saturated.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(saturated.getDetails().get(PluginsHealthIndicator.RECENT_CALLS))
                .asString()
                .contains("calls=3")
                .contains("busy={rate=0.333")
                .contains("exceeded=true");
    }

    private Timer timer(String plugin, String outcome) {
        return meters.get("wasmbox.plugin.calls")
                .tags("plugin", plugin, "outcome", outcome)
                .timer();
    }

    private static PluginException failure(Plugin plugin) {
        try {
            plugin.invoke("quote", ORDER);
        } catch (PluginException e) {
            return e;
        }
        throw new AssertionError("the endless loop returned");
    }

    @Test
    void aRateOutsideZeroToOneFailsStartUpAtItsKey() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(
                                WasmboxMetricsAutoConfiguration.class,
                                WasmboxAutoConfiguration.class,
                                WasmboxActuatorAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("wasmbox.health.max-failure-rate.busy=1.5")
                .run(
                        context ->
                                assertThat(context)
                                        .getFailure()
                                        .rootCause()
                                        .hasMessageContaining("busy")
                                        .hasMessageContaining("at most 1"));
    }
}
