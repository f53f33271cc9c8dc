/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.consumer.boot;

import io.github.wasmbox.spring.WasmPlugin;
import java.util.List;

/** The fraud-score plugin as a bean: its {@code score} export, JSON in and out. */
@WasmPlugin("fraud-score")
public interface FraudScore {
    record Item(String sku, int quantity, long unitPriceCents) {}

    record Customer(int accountAgeDays, int previousOrders) {}

    record Order(String orderId, String customerId, List<Item> items, Customer customer) {}

    record Signal(String name, int points) {}

    record Score(
            String orderId,
            int score,
            String decision,
            List<Signal> signals,
            long evaluatedAtMillis) {}

    Score score(Order order);
}
