/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout;

import com.example.checkout.quote.QuoteRepository;
import com.example.checkout.quote.QuoteService;
import com.example.checkout.vendor.VendorProperties;
import com.example.checkout.vendor.Vendors;
import com.example.checkout.wasm.StagedKeyValueStore;
import io.github.wasmbox.spring.PluginRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The business beans: vendors per slot, quotes and their repository. */
@Configuration(proxyBeanMethods = false)
public class CheckoutConfiguration {

    @Bean
    Vendors vendors(VendorProperties properties, PluginRegistry plugins, JsonMapper json) {
        return new Vendors(properties, plugins, json);
    }

    @Bean
    QuoteRepository quoteRepository(JdbcClient jdbc, JsonMapper json) {
        return new QuoteRepository(jdbc, json);
    }

    @Bean
    QuoteService quoteService(
            Vendors vendors,
            QuoteRepository repository,
            StagedKeyValueStore vendorState,
            PlatformTransactionManager transactions) {
        return new QuoteService(
                vendors,
                repository,
                vendorState,
                new TransactionTemplate(transactions),
                Clock.systemUTC());
    }
}
