/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.rates;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/** The carrier rates API's own connector, and the filter that keeps the APIs apart. */
@Configuration(proxyBeanMethods = false)
public class RatesApiConfiguration {

    @Bean
    RatesApiConnector ratesApiConnector(
            RatesApiProperties properties, ConfigurableEnvironment environment) {
        return new RatesApiConnector(properties, environment);
    }

    @Bean
    FilterRegistrationBean<PortPartition> portPartition(RatesApiConnector rates) {
        FilterRegistrationBean<PortPartition> registration =
                new FilterRegistrationBean<>(new PortPartition(rates));
        // Before security and everything else: a request on the wrong port gets nowhere.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
