/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.oci.ProbationListener;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.TrustedKeys;
import io.github.wasmbox.spring.actuate.PluginsEndpoint;
import io.github.wasmbox.spring.actuate.PluginsHealthIndicator;
import io.github.wasmbox.spring.actuate.RecentCallOutcomes;
import io.github.wasmbox.spring.autoconfigure.WasmboxActuatorAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxMetricsAutoConfiguration;
import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.github.wasmbox.spring.metrics.DefaultPluginCallObservationConvention;
import io.github.wasmbox.spring.metrics.ObservedPlugins;
import io.github.wasmbox.spring.metrics.PluginCallObservationConvention;
import io.github.wasmbox.spring.metrics.PluginMetrics;
import io.github.wasmbox.spring.oci.OciPlugins;
import io.github.wasmbox.spring.reload.PluginFileWatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Every auto-configured bean backs off when the application defines its own. */
class OverridesTest {
    private static final ApplicationContextRunner RUNNER =
            new ApplicationContextRunner()
                    .withPropertyValues(UnpinnedFixtures.ALLOWED)
                    .withConfiguration(
                            AutoConfigurations.of(
                                    WasmboxMetricsAutoConfiguration.class,
                                    WasmboxAutoConfiguration.class,
                                    WasmboxActuatorAutoConfiguration.class))
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .withBean(ObservationRegistry.class, ObservationRegistry::create)
                    .withPropertyValues("wasmbox.reload.enabled=true");

    private static final PluginRuntime RUNTIME = PluginRuntime.builder().build();

    static Stream<Arguments> beans() {
        return Stream.of(
                override(PayloadCodec.class, c -> PayloadCodec.json()),
                override(PluginCallStatistics.class, c -> new PluginCallStatistics()),
                override(TrustedKeys.class, c -> TrustedKeys.none()),
                override(PluginRuntime.class, c -> RUNTIME),
                override(PluginRegistry.class, OverridesTest::registry),
                override(
                        PluginFileWatcher.class,
                        c ->
                                new PluginFileWatcher(
                                        c.getBean(PluginRegistry.class), Duration.ofHours(1))),
                override(ProbationListener.class, c -> new ProbationListener()),
                override(
                        OciPlugins.class,
                        c ->
                                new OciPlugins(
                                        new OciPlugins.Settings(
                                                Path.of("none"),
                                                Set.of(),
                                                Duration.ofSeconds(1),
                                                Duration.ofHours(1),
                                                1 << 20,
                                                null),
                                        TrustedKeys.none(),
                                        PinRequirement.NONE,
                                        new ProbationListener(),
                                        c.getBeanProvider(PluginRegistry.class))),
                override(LogCapability.class, c -> new LogCapability()),
                override(ClockCapability.class, c -> new ClockCapability()),
                override(RandomCapability.class, c -> new RandomCapability()),
                override(ConfigCapability.class, c -> new ConfigCapability()),
                override(KeyValueStore.class, c -> new InMemoryKeyValueStore()),
                override(
                        KeyValueCapability.class,
                        c -> new KeyValueCapability(new InMemoryKeyValueStore())),
                override(HttpCapability.class, c -> new HttpCapability()),
                override(
                        PluginsEndpoint.class,
                        c -> new PluginsEndpoint(c.getBean(PluginRegistry.class))),
                override(
                        PluginsHealthIndicator.class,
                        c ->
                                new PluginsHealthIndicator(
                                        c.getBean(PluginRegistry.class),
                                        new RecentCallOutcomes(Duration.ofMinutes(1)),
                                        Map.of(),
                                        1,
                                        c.getBean(PluginRuntime.class).memoryBudget(),
                                        name -> Optional.empty())),
                override(
                        RecentCallOutcomes.class,
                        c -> new RecentCallOutcomes(Duration.ofSeconds(1))),
                override(PluginMetrics.class, c -> new PluginMetrics(new SimpleMeterRegistry())),
                override(
                        PluginCallObservationConvention.class,
                        c -> new DefaultPluginCallObservationConvention()),
                override(
                        ObservedPlugins.class,
                        c ->
                                new ObservedPlugins(
                                        ObservationRegistry.NOOP,
                                        new DefaultPluginCallObservationConvention())));
    }

    private static PluginRegistry registry(ApplicationContext context) {
        return new PluginRegistry(
                context.getBean(PluginRuntime.class),
                List.of(),
                List.of(),
                List.of(),
                new PluginCallStatistics(),
                null);
    }

    private static <T> Arguments override(Class<T> type, Function<ApplicationContext, T> bean) {
        return Arguments.of(type, bean);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beans")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aUserBeanReplacesTheAutoConfiguredOne(
            Class<Object> type, Function<ApplicationContext, Object> factory) {
        Object[] created = new Object[1];
        // Registered from an initializer so that the bean can use others, as an application's can.
        RUNNER.withInitializer(
                        context ->
                                ((org.springframework.beans.factory.support.BeanDefinitionRegistry)
                                                context.getBeanFactory())
                                        .registerBeanDefinition(
                                                "userBean",
                                                org.springframework.beans.factory.support
                                                        .BeanDefinitionBuilder
                                                        .genericBeanDefinition(
                                                                (Class) type,
                                                                () -> {
                                                                    created[0] =
                                                                            factory.apply(context);
                                                                    return created[0];
                                                                })
                                                        .getBeanDefinition()))
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).hasSingleBean(type);
                            assertThat(context.getBean(type)).isSameAs(created[0]);
                        });
    }

    @org.junit.jupiter.api.Test
    void anApplicationBeanOfAPluginInterfaceReplacesTheProxy() {
        Echo own =
                new Echo() {
                    @Override
                    public String echo(String text) {
                        return "own";
                    }

                    @Override
                    public int size(byte[] raw) {
                        return 0;
                    }

                    @Override
                    public PluginCallResult<Integer> length(String text) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public io.github.wasmbox.sandbox.CallResult reverse(byte[] bytes) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public void fail(String why) {}
                };
        RUNNER.withUserConfiguration(FixturesConfiguration.class)
                .withBean(Echo.class, () -> own)
                .run(
                        context -> {
                            assertThat(context).hasSingleBean(Echo.class);
                            assertThat(context.getBean(Echo.class).echo("x")).isEqualTo("own");
                        });
    }

    /** An application's own key-value module, standing in for the built-in one. */
    @io.github.wasmbox.host.HostModule("wasmbox:kv")
    public static final class ApplicationKeyValue {
        @io.github.wasmbox.host.HostFunction
        public java.util.Optional<byte[]> get(String namespace, String key) {
            return java.util.Optional.of(
                    ("app:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @org.junit.jupiter.api.Test
    void anApplicationHostModuleReplacesTheBuiltInCapabilityOfTheSameModule() {
        RUNNER.withBean(ApplicationKeyValue.class, ApplicationKeyValue::new)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).hasSingleBean(PluginRuntime.class);
                        });
    }
}
