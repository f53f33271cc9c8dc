/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.docs;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginFailedException;
import java.time.Duration;
import org.springframework.stereotype.Service;

/** Quotes from the discount plugin; no discount while the plugin keeps misbehaving. */
@Service
public class GuardedDiscounts {
    private final DiscountRules rules;
    private final CircuitBreaker breaker =
            CircuitBreaker.of(
                    "discount",
                    CircuitBreakerConfig.custom()
                            // A refusal is the plugin doing its job, not a fault.
                            .ignoreExceptions(PluginFailedException.class)
                            .slidingWindowSize(20)
                            .minimumNumberOfCalls(5)
                            .failureRateThreshold(50)
                            .waitDurationInOpenState(Duration.ofSeconds(30))
                            .build());

    public GuardedDiscounts(DiscountRules rules) {
        this.rules = rules;
    }

    public DiscountRules.Quote quote(DiscountRules.Order order) {
        try {
            return breaker.executeSupplier(() -> rules.quote(order));
        } catch (PluginFailedException refused) {
            throw refused; // the caller's problem: answer it (422 with problem details)
        } catch (CallNotPermittedException | PluginException e) {
            return new DiscountRules.Quote(order.orderId(), "EUR", subtotal(order), 0);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    private static long subtotal(DiscountRules.Order order) {
        return order.items().stream()
                .mapToLong(item -> item.quantity() * item.unitPriceCents())
                .sum();
    }
}
