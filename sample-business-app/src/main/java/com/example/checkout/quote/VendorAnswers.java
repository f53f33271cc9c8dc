/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The JSON the vendor plugins answer with (see plugins-rust/examples and tax-c). */
public final class VendorAnswers {
    private VendorAnswers() {}

    /** {@code discount-rules} → {@code quote}. */
    public record Discount(
            String currency,
            long subtotalCents,
            long discountCents,
            List<AppliedRule> appliedRules,
            @Nullable RejectedCoupon rejectedCoupon) {}

    /** A discount rule that applied. */
    public record AppliedRule(String rule, long amountCents) {}

    /** A coupon that did not apply, and why. */
    public record RejectedCoupon(String code, String reason) {}

    /** {@code fraud-score} → {@code score}. */
    public record Fraud(long score, String decision, List<Signal> signals) {}

    /** A fraud signal that fired. */
    public record Signal(String name, long points) {}

    /** {@code shipping-rates} → {@code rates}. */
    public record Shipping(
            long weightGrams, List<ShippingOption> options, @Nullable ShippingOption cheapest) {}

    /** A shipping option. */
    public record ShippingOption(String carrier, String service, long priceCents, long days) {}

    /** {@code tax} (command mode). */
    public record Tax(String country, long netCents, long taxCents, List<TaxLine> lines) {}

    /** Tax on one line. */
    public record TaxLine(String sku, long rateBasisPoints, long taxCents) {}
}
