/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import org.springframework.stereotype.Service;

/** What the application builds on the plugin: the total an order is charged. */
@Service
public class CheckoutService {
    private final DiscountRules discounts;

    public CheckoutService(DiscountRules discounts) {
        this.discounts = discounts;
    }

    public long charge(Order order) {
        return order.totalCents() - discounts.quote(order).discountCents();
    }
}
