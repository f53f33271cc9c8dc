/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.rates;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps each API on its own connector: the rates API answers only on the rates port, and nothing
 * else does; any other request is a {@code 404}. Without it, a quote could reach the rates API
 * through the main connector's workers and bring back the cycle {@link RatesApiConnector} removes,
 * and the rates port would expose the checkout API and the actuator. Stateless and thread-safe.
 */
final class PortPartition extends OncePerRequestFilter {
    static final String RATES_API = "/rates-api/";

    private final RatesApiConnector rates;

    PortPartition(RatesApiConnector rates) {
        this.rates = rates;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean ratesPort = request.getLocalPort() == rates.localPort();
        boolean ratesPath = request.getRequestURI().startsWith(RATES_API);
        if (ratesPort != ratesPath) {
            response.sendError(HttpStatus.NOT_FOUND.value());
            return;
        }
        chain.doFilter(request, response);
    }
}
