package com.example.checkout.wasm;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.JdbcKeyValueStore;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The wasmbox runtime of the app and what plugins may be granted: log, clock, random, config, HTTP
 * and a key-value store in the app's own database whose writes commit with the quote.
 *
 * <p>Linking a capability here only makes it available; each plugin's policy decides what it may
 * actually import ({@code checkout.wasmbox.plugins.<name>.grants}).
 */
@Configuration(proxyBeanMethods = false)
public class WasmboxConfiguration {

    @Bean
    StagedKeyValueStore pluginKeyValueStore(DataSource dataSource) {
        // Transaction-aware, so that commit() on the request thread joins the quote's
        // transaction: the quote and the vendor state it changed are saved together or not at all.
        return new StagedKeyValueStore(
                JdbcKeyValueStore.builder(new TransactionAwareDataSourceProxy(dataSource)).build());
    }

    @Bean
    PluginStats pluginStats(MeterRegistry registry) {
        return new PluginStats(registry);
    }

    @Bean(destroyMethod = "close")
    PluginRuntime pluginRuntime(StagedKeyValueStore store, PluginStats stats) {
        return PluginRuntime.builder()
                .hostModules(
                        HostModules.of(
                                new LogCapability(),
                                new ClockCapability(),
                                new ConfigCapability(),
                                HttpCapability.builder().build(),
                                new RandomCapability(),
                                new QuoteScopedKeyValue(store)))
                .listener(stats)
                .build();
    }

    @Bean
    LoadedPlugins loadedPlugins(PluginRuntime runtime, Environment environment) {
        return new LoadedPlugins(runtime, environment);
    }

    @Bean
    PluginsEndpoint pluginsEndpoint(LoadedPlugins plugins, PluginStats stats) {
        return new PluginsEndpoint(plugins, stats);
    }

    @Bean
    PluginsHealthIndicator pluginsHealthIndicator(LoadedPlugins plugins) {
        return new PluginsHealthIndicator(plugins);
    }
}
