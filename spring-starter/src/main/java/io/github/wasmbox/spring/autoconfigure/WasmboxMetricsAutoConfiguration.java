/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.metrics.DefaultPluginCallObservationConvention;
import io.github.wasmbox.spring.metrics.ObservedPlugins;
import io.github.wasmbox.spring.metrics.PluginCallObservationConvention;
import io.github.wasmbox.spring.metrics.PluginGauges;
import io.github.wasmbox.spring.metrics.PluginMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer metrics and an {@code Observation} per plugin call, when Micrometer is present. Runs
 * before {@link WasmboxAutoConfiguration} so that the runtime and registry pick up the listener and
 * the decorator.
 *
 * <p>Calls are timed once, by {@code wasmbox.plugin.calls} ({@link PluginMetrics}, which sees every
 * call through the runtime). The observation is there for tracing, so the timers Boot's default
 * meter handler would make of it ({@code wasmbox.plugin.call} and {@code .active}) are denied.
 */
@AutoConfiguration(
        before = WasmboxAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
public class WasmboxMetricsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        PluginMetrics wasmboxPluginMetrics(MeterRegistry registry) {
            return new PluginMetrics(registry);
        }

        @Bean
        @ConditionalOnMissingBean
        PluginGauges wasmboxPluginGauges(PluginRegistry registry, PluginRuntime runtime) {
            return new PluginGauges(registry, runtime.memoryBudget());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, ObservationRegistry.class})
    static class ObservationMeters {

        /** Keeps the call observation from timing the calls a second time. */
        @Bean
        MeterFilter wasmboxPluginCallObservationMeters(
                ObjectProvider<PluginCallObservationConvention> convention) {
            String name =
                    convention
                            .getIfAvailable(DefaultPluginCallObservationConvention::new)
                            .getName();
            return MeterFilter.deny(
                    id -> id.getName().equals(name) || id.getName().equals(name + ".active"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static class Observations {

        @Bean
        @ConditionalOnMissingBean
        PluginCallObservationConvention wasmboxPluginCallObservationConvention() {
            return new DefaultPluginCallObservationConvention();
        }

        @Bean
        @ConditionalOnMissingBean
        ObservedPlugins wasmboxObservedPlugins(
                ObservationRegistry registry, PluginCallObservationConvention convention) {
            return new ObservedPlugins(registry, convention);
        }
    }
}
