/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.spring.actuate.PluginsEndpoint;
import io.github.wasmbox.spring.actuate.PluginsHealthIndicator;
import io.github.wasmbox.spring.autoconfigure.WasmboxActuatorAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxMetricsAutoConfiguration;
import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.github.wasmbox.spring.metrics.PluginCallContext;
import io.github.wasmbox.spring.reload.PluginFileWatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Actuator endpoint, health, metrics, observations and hot reload, in one context each. */
class OperationsTest {
    private static final ApplicationContextRunner RUNNER =
            new ApplicationContextRunner()
                    .withPropertyValues(UnpinnedFixtures.ALLOWED)
                    .withConfiguration(
                            AutoConfigurations.of(
                                    WasmboxMetricsAutoConfiguration.class,
                                    WasmboxAutoConfiguration.class,
                                    WasmboxActuatorAutoConfiguration.class))
                    .withUserConfiguration(FixturesConfiguration.class)
                    .withPropertyValues("management.endpoints.web.exposure.include=plugins")
                    // A loaded CI machine must not turn a first call into a timeout.
                    .withPropertyValues("wasmbox.defaults.timeout=10s");

    private static final byte[] COUPON_ORDER =
            ("{\"orderId\":\"o\",\"customerId\":\"c\",\"couponCode\":\"WELCOME10\","
                            + "\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPriceCents\":100}]}")
                    .getBytes(StandardCharsets.UTF_8);

    @TempDir Path directory;

    @Test
    void endpointHealthMetricsAndObservationsReportCalls() {
        List<PluginCallContext> observed = new CopyOnWriteArrayList<>();
        RUNNER.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(
                        ObservationRegistry.class,
                        () -> {
                            ObservationRegistry registry = ObservationRegistry.create();
                            registry.observationConfig()
                                    .observationHandler(
                                            new ObservationHandler<PluginCallContext>() {
                                                @Override
                                                public void onStop(PluginCallContext context) {
                                                    observed.add(context);
                                                }

                                                @Override
                                                public boolean supportsContext(
                                                        Observation.Context context) {
                                                    return context instanceof PluginCallContext;
                                                }
                                            });
                            return registry;
                        })
                .withPropertyValues(
                        "wasmbox.defaults.fuel=50000000",
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.broken.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.broken.sha256=" + "0".repeat(64),
                        "wasmbox.plugins.broken.required=false",
                        // Linked but granted no key-value namespace: its coupon lookup is denied.
                        "wasmbox.plugins.stingy.location=classpath:plugins/discount-rules.wasm",
                        "wasmbox.plugins.stingy.grants.host-functions=wasmbox:kv/*,"
                                + "wasmbox:config/get,wasmbox:log/*",
                        "wasmbox.plugins.stingy.grants.config.currency=EUR")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            Echo echo = context.getBean(Echo.class);
                            echo.echo("hi");
                            assertThatThrownBy(() -> echo.fail("x"))
                                    .isInstanceOf(RuntimeException.class);

                            MeterRegistry meters = context.getBean(MeterRegistry.class);
                            assertThat(
                                            meters.get("wasmbox.plugin.calls")
                                                    .tags(
                                                            "plugin",
                                                            "echo",
                                                            "function",
                                                            "echo",
                                                            "outcome",
                                                            "success")
                                                    .timer()
                                                    .count())
                                    .isEqualTo(1);
                            assertThat(
                                            meters.get("wasmbox.plugin.calls")
                                                    .tags("function", "fail", "outcome", "failed")
                                                    .timer()
                                                    .count())
                                    .isEqualTo(1);
                            assertThat(meters.get("wasmbox.plugin.fuel").summary().count())
                                    .isPositive();
                            assertThat(meters.get("wasmbox.plugin.memory").summary().max())
                                    .isPositive();
                            assertThat(observed)
                                    .extracting(PluginCallContext::getOutcome)
                                    .containsExactly("success", "failed");

                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            try {
                                registry.require("stingy").call("quote", COUPON_ORDER);
                            } catch (PluginException e) {
                                // How the plugin reacts to the denial is its own business.
                            }
                            assertThat(
                                            meters.get("wasmbox.policy.denials")
                                                    .tags("plugin", "stingy")
                                                    .counter()
                                                    .count())
                                    .isPositive();
                            assertThat(registry.status("stingy").get().counters().denials())
                                    .isPositive();

                            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
                            assertThat(endpoint.plugins().plugins())
                                    .extracting(
                                            PluginsEndpoint.PluginSummary::name,
                                            PluginsEndpoint.PluginSummary::state)
                                    .containsExactly(
                                            org.assertj.core.groups.Tuple.tuple("echo", "LOADED"),
                                            org.assertj.core.groups.Tuple.tuple("broken", "FAILED"),
                                            org.assertj.core.groups.Tuple.tuple(
                                                    "stingy", "LOADED"));
                            PluginsEndpoint.PluginDetail detail = endpoint.plugin("echo");
                            assertThat(detail.counters().calls()).isEqualTo(2);
                            assertThat(detail.counters().outcomes())
                                    .containsEntry("success", 1L)
                                    .containsEntry("failed", 1L);
                            assertThat(detail.counters().maxFuelConsumed()).isPositive();
                            assertThat(detail.audit()).contains("limits:");
                            assertThat(endpoint.plugin("nope")).isNull();
                            assertThat(endpoint.reload("echo").reloaded()).isTrue();
                            PluginsEndpoint.ReloadResult failed = endpoint.reload("broken");
                            assertThat(failed.reloaded()).isFalse();
                            assertThat(failed.failure()).contains("wasmbox.plugins.broken.sha256");

                            var health = context.getBean(PluginsHealthIndicator.class).health();
                            assertThat(health.getStatus()).isEqualTo(Status.UP);
                            assertThat(health.getDetails())
                                    .containsKeys("echo", "broken", "stingy");
                            context.getBean(PluginRegistry.class).unload("echo");
                            assertThat(
                                            context.getBean(PluginsHealthIndicator.class)
                                                    .health()
                                                    .getStatus())
                                    .isEqualTo(Status.DOWN);
                        });
    }

    @Test
    void theWatcherSwapsAFileAndABadVersionLeavesTheOldOneServing() throws Exception {
        Path file = directory.resolve("echo.wasm");
        copy("plugins/echo.wasm", file);
        RUNNER.withPropertyValues(
                        "wasmbox.reload.enabled=true",
                        "wasmbox.reload.interval=1h",
                        "wasmbox.plugins.hot.location=file:" + file)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            PluginFileWatcher watcher = context.getBean(PluginFileWatcher.class);
                            assertThat(watcher.isRunning()).isTrue();
                            Plugin hot = registry.require("hot");
                            String before = hot.sha256();

                            // A call in flight while the file changes finishes on the old version.
                            ExecutorService pool = Executors.newSingleThreadExecutor();
                            CountDownLatch started = new CountDownLatch(1);
                            Future<byte[]> inFlight =
                                    pool.submit(
                                            () -> {
                                                started.countDown();
                                                return hot.call("echo", new byte[200_000]);
                                            });
                            started.await();
                            copy("plugins/add.wasm", file);
                            touch(file, 1);
                            watcher.poll();
                            assertThat(inFlight.get()).hasSize(200_000);
                            pool.shutdown();
                            assertThat(hot.sha256())
                                    .isNotEqualTo(before)
                                    .isEqualTo(registry.status("hot").get().sha256());
                            assertThat(hot.functions()).contains("add");

                            Files.write(file, "not wasm".getBytes(StandardCharsets.UTF_8));
                            touch(file, 2);
                            watcher.poll();
                            PluginStatus status = registry.status("hot").get();
                            assertThat(status.state()).isEqualTo(PluginStatus.State.LOADED);
                            assertThat(status.failure()).contains("not a valid WebAssembly");
                            assertThat(
                                            hot.call(
                                                    "add",
                                                    "{\"a\":1,\"b\":2}"
                                                            .getBytes(StandardCharsets.UTF_8)))
                                    .asString(StandardCharsets.UTF_8)
                                    .isEqualTo("3");

                            registry.replace(
                                    "hot",
                                    PluginSource.classpath("plugins/echo.wasm"),
                                    hot.policy());
                            assertThat(hot.sha256()).isEqualTo(before);
                            assertThat(registry.status("hot").get().failure()).isNull();
                        });
    }

    private static void copy(String resource, Path target) throws Exception {
        try (InputStream in = OperationsTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** File systems with coarse timestamps would otherwise hide a quick rewrite. */
    private static void touch(Path file, int step) throws Exception {
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(System.currentTimeMillis() + step * 10_000L));
    }
}
