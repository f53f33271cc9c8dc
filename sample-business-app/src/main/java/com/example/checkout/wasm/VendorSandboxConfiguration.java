/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.wasm;

import io.github.wasmbox.host.kv.JdbcKeyValueStore;
import io.github.wasmbox.spring.PluginCustomizer;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * What the app adds to the wasmbox starter. The starter does the rest: the runtime, the plugins of
 * {@code wasmbox.plugins.*} (pinned, audited, loaded once the web server has its port), the
 * built-in capabilities, the {@code plugins} actuator endpoint, health and metrics.
 */
@Configuration(proxyBeanMethods = false)
public class VendorSandboxConfiguration {

    @Bean
    StagedKeyValueStore pluginKeyValueStore(DataSource dataSource) {
        // Transaction-aware, so that commit() on the request thread joins the quote's
        // transaction: the quote and the vendor state it changed are saved together or not at all.
        return new StagedKeyValueStore(
                JdbcKeyValueStore.builder(new TransactionAwareDataSourceProxy(dataSource)).build());
    }

    /**
     * The app's {@code wasmbox:kv}. A {@code @HostModule} bean of the app replaces the starter's
     * capability of the same module name, so vendors' writes wait for their quote.
     */
    @Bean
    QuoteScopedKeyValue quoteScopedKeyValue(StagedKeyValueStore store) {
        return new QuoteScopedKeyValue(store);
    }

    /**
     * Vendor plugins are untrusted code: a request that a vendor's policy denies ends its call with
     * a {@code PolicyViolationException}, which the quote's answer reports, instead of returning an
     * error code that a compromised plugin could ignore while it goes on probing.
     */
    @Bean
    PluginCustomizer vendorsStopOnDenial() {
        return (plugin, policy) -> policy.trapOnDenial(true);
    }
}
