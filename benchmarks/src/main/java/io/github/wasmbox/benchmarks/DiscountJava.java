/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * discount-rules in plain Java + Jackson: the same bulk, tier and cap rules as the Rust plugin
 * (coupons are not exercised by the benchmark order). Thread-safe.
 */
public final class DiscountJava {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private DiscountJava() {}

    /** An order line. */
    public record Item(String sku, long quantity, long unitPriceCents, @Nullable String category) {}

    /** A checkout order. */
    public record Order(
            String orderId,
            String customerId,
            @Nullable String currency,
            List<Item> items,
            @Nullable String couponCode) {}

    /** A rule that gave a discount. */
    public record AppliedRule(String rule, long amountCents) {}

    /** The quote. */
    public record Quote(
            String orderId,
            String currency,
            long subtotalCents,
            long discountCents,
            long totalCents,
            List<AppliedRule> appliedRules) {}

    /** JSON order in, JSON quote out, like the plugin's {@code quote} export. */
    public static byte[] quote(byte[] json) {
        Order order = MAPPER.readValue(json, Order.class);
        String currency = "EUR";
        if (order.currency() != null && !order.currency().equalsIgnoreCase(currency)) {
            throw new IllegalArgumentException("currency mismatch");
        }
        if (order.items().isEmpty()) {
            throw new IllegalArgumentException("the order has no items");
        }
        long subtotal = 0;
        for (Item item : order.items()) {
            if (item.quantity() < 1 || item.quantity() > 1_000_000) {
                throw new IllegalArgumentException("quantity out of range");
            }
            subtotal += item.quantity() * item.unitPriceCents();
        }
        List<AppliedRule> rules = new ArrayList<>();
        for (Item item : order.items()) {
            if (item.quantity() >= 10) {
                rules.add(
                        new AppliedRule(
                                "bulk:" + item.sku(),
                                item.quantity() * item.unitPriceCents() * 5 / 100));
            }
        }
        int tier = subtotal >= 100_000 ? 10 : subtotal >= 50_000 ? 7 : subtotal >= 20_000 ? 5 : 0;
        if (tier > 0) {
            rules.add(new AppliedRule("tier:" + tier + "%", subtotal * tier / 100));
        }
        long discount = 0;
        for (AppliedRule rule : rules) {
            discount += rule.amountCents();
        }
        long max = subtotal / 2;
        if (discount > max) {
            rules.add(new AppliedRule("cap", max - discount));
            discount = max;
        }
        Quote quote =
                new Quote(
                        order.orderId(), currency, subtotal, discount, subtotal - discount, rules);
        // The plugin logs one line per quote; build it the same way, then drop it.
        String line =
                "order "
                        + quote.orderId()
                        + ": subtotal "
                        + subtotal
                        + " discount "
                        + discount
                        + " ("
                        + rules.size()
                        + " rules)";
        if (line.isEmpty()) {
            throw new AssertionError();
        }
        return MAPPER.writeValueAsBytes(quote);
    }
}
