/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginPool;
import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The saturation gauges as Prometheus scrapes them, over real HTTP: a pool of one instance held by
 * an endless loop, a second caller waiting for it and then giving up. Calls are timed once ({@code
 * wasmbox.plugin.calls}); the call observation still reaches observation handlers (tracing).
 */
@SpringBootTest(
        classes = {SampleApplication.class, SaturationMetricsTest.Observations.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=prometheus",
            "wasmbox.plugins.loop.location=classpath:plugins/hostile-endless-loop.wasm",
            "wasmbox.plugins.loop.grants.host-functions=wasmbox:clock/now_millis,wasmbox:log/write",
            "wasmbox.plugins.loop.pool.size=1",
            // Long enough to scrape while the second caller waits; the loop outlasts the wait.
            "wasmbox.plugins.loop.pool.acquire-timeout=3s",
            // Quarantined from its first stopped call on.
            "wasmbox.plugins.loop.pool.quarantine-after=1",
            "wasmbox.plugins.loop.limits.fuel=1000000000000",
            "wasmbox.plugins.loop.limits.timeout=5s",
            UnpinnedFixtures.ALLOWED
        })
class SaturationMetricsTest {
    private static final byte[] ORDER = "{}".getBytes(StandardCharsets.UTF_8);

    @TestConfiguration(proxyBeanMethods = false)
    static class Observations {
        static final List<String> STARTED = new CopyOnWriteArrayList<>();

        @Bean
        ObservationHandler<Observation.Context> recordingHandler() {
            return new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    STARTED.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            };
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Autowired PluginRegistry registry;

    @Test
    void poolGaugesAndOneCallTimerInPrometheus() throws Exception {
        Plugin loop = registry.require("loop");
        String idle = scrape();
        assertThat(idle)
                .contains("wasmbox_plugin_state{plugin=\"loop\",state=\"loaded\"} 1.0")
                .contains("wasmbox_plugin_state{plugin=\"loop\",state=\"failed\"} 0.0")
                .contains("wasmbox_plugin_pool_size{plugin=\"loop\"} 1.0")
                .contains("wasmbox_plugin_pool_active{plugin=\"loop\"} 0.0")
                .contains("wasmbox_plugin_pool_pending{plugin=\"loop\"} 0.0")
                .contains("wasmbox_plugin_pool_timeouts_total{plugin=\"loop\"} 0.0")
                .contains("wasmbox_plugin_pool_quarantined{plugin=\"loop\"} 0.0");

        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<PluginException> holder = callers.submit(() -> failure(loop));
            awaitPool(loop, pool -> pool.inUse() == 1);
            Future<PluginException> waiter = callers.submit(() -> failure(loop));
            awaitPool(loop, pool -> pool.waiting() == 1);

            assertThat(scrape())
                    .contains("wasmbox_plugin_pool_active{plugin=\"loop\"} 1.0")
                    .contains("wasmbox_plugin_pool_pending{plugin=\"loop\"} 1.0");

            assertThat(waiter.get(1, TimeUnit.MINUTES)).isInstanceOf(PluginBusyException.class);
            assertThat(holder.get(1, TimeUnit.MINUTES)).isNotInstanceOf(PluginBusyException.class);
        } finally {
            callers.shutdownNow();
        }

        String after = scrape();
        assertThat(after)
                .contains("wasmbox_plugin_pool_timeouts_total{plugin=\"loop\"} 1.0")
                .contains("wasmbox_plugin_pool_pending{plugin=\"loop\"} 0.0")
                .contains("wasmbox_plugin_pool_quarantined{plugin=\"loop\"} 1.0")
                .containsPattern(
                        "wasmbox_plugin_calls_seconds_count\\{[^}]*outcome=\"busy\""
                                + "[^}]*plugin=\"loop\"[^}]*} 1")
                // One timer: the call observation makes no second one.
                .doesNotContain("wasmbox_plugin_call_seconds")
                .doesNotContain("wasmbox_plugin_call_active");
        assertThat(Observations.STARTED).contains("wasmbox.plugin.call");
    }

    /** Waits, bounded, for the pool to reach a state: callers take their lease asynchronously. */
    private static void awaitPool(Plugin plugin, Predicate<PluginPool> reached) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(plugin.pool()).matches(reached));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://localhost:"
                                                        + port
                                                        + "/actuator/prometheus"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static PluginException failure(Plugin plugin) {
        try {
            plugin.invoke("quote", ORDER);
        } catch (PluginException e) {
            return e;
        }
        throw new AssertionError("the endless loop returned");
    }
}
