/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.docs;

import io.github.wasmbox.spring.PluginCallResult;
import io.github.wasmbox.spring.PluginFunction;
import io.github.wasmbox.spring.WasmPlugin;
import java.util.List;

@WasmPlugin("discount")
public interface DiscountRules {
    record Item(String sku, int quantity, long unitPriceCents) {}

    record Order(String orderId, String customerId, List<Item> items) {}

    record Quote(String orderId, String currency, long subtotalCents, long discountCents) {}

    Quote quote(Order order); // export "quote", JSON in and out

    @PluginFunction("quote")
    PluginCallResult<Quote> quoteWithStats(Order order); // value + fuel, memory, duration

    default Quote quoteOrZero(Order order) { // default methods run as written
        return order.items().isEmpty() ? new Quote(order.orderId(), "EUR", 0, 0) : quote(order);
    }
}
