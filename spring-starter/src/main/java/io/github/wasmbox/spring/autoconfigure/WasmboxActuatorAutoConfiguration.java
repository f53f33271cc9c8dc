/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginRollouts;
import io.github.wasmbox.spring.actuate.PluginsEndpoint;
import io.github.wasmbox.spring.actuate.PluginsEndpointWebExtension;
import io.github.wasmbox.spring.actuate.PluginsHealthIndicator;
import io.github.wasmbox.spring.actuate.RecentCallOutcomes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The {@code plugins} actuator endpoint and health indicator, when actuator is on the class path;
 * the health's thresholds are {@code wasmbox.health.*}. Both back off when the application defines
 * its own, and follow the usual {@code management.endpoint.plugins.*} and {@code
 * management.health.plugins.enabled} switches.
 */
@AutoConfiguration(after = WasmboxAutoConfiguration.class)
@ConditionalOnBean(PluginRegistry.class)
public class WasmboxActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnAvailableEndpoint(PluginsEndpoint.class)
    static class Endpoint {

        @Bean
        @ConditionalOnMissingBean
        PluginsEndpoint pluginsEndpoint(PluginRegistry registry, WasmboxProperties properties) {
            Map<String, PluginsEndpoint.RecordFile> records = new LinkedHashMap<>();
            properties
                    .getPlugins()
                    .forEach(
                            (name, plugin) -> {
                                WasmboxProperties.Record record = plugin.getRecord();
                                Path directory = record.getDirectory();
                                if (directory != null) {
                                    records.put(
                                            name,
                                            recordFile(
                                                    directory.resolve(name + ".jsonl"),
                                                    record.getMaxPluginSize()));
                                }
                            });
            return new PluginsEndpoint(registry, records);
        }

        /**
         * The file {@code RecordSink.jsonLines} writes, read up to the plugin's cap: the cap counts
         * the JSON of each record, not the newline after it, and every record is far over 64 bytes,
         * so one run's records stay under cap + cap / 64.
         */
        private static PluginsEndpoint.RecordFile recordFile(Path file, DataSize maxPluginSize) {
            long cap = maxPluginSize.toBytes();
            return new PluginsEndpoint.RecordFile(file, cap + cap / 64);
        }

        @Bean
        @ConditionalOnMissingBean
        PluginsEndpointWebExtension pluginsEndpointWebExtension(PluginsEndpoint endpoint) {
            return new PluginsEndpointWebExtension(endpoint);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("plugins")
    static class Health {

        /** A listener: the runtime reports every call to it. */
        @Bean
        @ConditionalOnMissingBean
        RecentCallOutcomes wasmboxRecentCallOutcomes(WasmboxProperties properties) {
            try {
                return new RecentCallOutcomes(properties.getHealth().getWindow());
            } catch (IllegalArgumentException e) {
                throw invalid(e);
            }
        }

        @Bean(name = "pluginsHealthIndicator")
        @ConditionalOnMissingBean(
                value = PluginsHealthIndicator.class,
                name = "pluginsHealthIndicator")
        PluginsHealthIndicator pluginsHealthIndicator(
                PluginRegistry registry,
                RecentCallOutcomes recent,
                WasmboxProperties properties,
                PluginRuntime runtime,
                ObjectProvider<PluginRollouts> rollouts) {
            WasmboxProperties.Health health = properties.getHealth();
            try {
                return new PluginsHealthIndicator(
                        registry,
                        recent,
                        health.getMaxFailureRate(),
                        health.getMinimumCalls(),
                        runtime.memoryBudget(),
                        rollouts.getIfAvailable(() -> name -> Optional.empty()));
            } catch (IllegalArgumentException e) {
                throw invalid(e);
            }
        }

        private static InvalidWasmboxPropertyException invalid(IllegalArgumentException e) {
            return new InvalidWasmboxPropertyException(
                    "wasmbox.health",
                    "wasmbox.health: " + e.getMessage(),
                    "Set wasmbox.health.window to a positive duration, wasmbox.health.minimum-calls"
                            + " to 1 or more, and each wasmbox.health.max-failure-rate.<outcome>"
                            + " above 0 and at most 1 (1 turns the outcome off).",
                    e);
        }
    }
}
