/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.rates;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the carrier rates API listens ({@code checkout.rates-api.*}): a connector of its own, apart
 * from the one that serves quotes.
 *
 * @param address the address it binds; loopback by default, since only the shipping vendor calls it
 * @param port its port; {@code 0} picks a free one, published as {@value
 *     RatesApiConnector#LOCAL_PORT}
 * @param threads the most requests it serves at once, on threads of its own
 */
@ConfigurationProperties("checkout.rates-api")
public record RatesApiProperties(
        @DefaultValue("127.0.0.1") String address,
        @DefaultValue("8081") int port,
        @DefaultValue("16") int threads) {}
