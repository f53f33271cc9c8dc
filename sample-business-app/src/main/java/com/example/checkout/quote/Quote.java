/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A priced, scored quote: what {@code POST /api/quotes} answers and {@code GET /api/quotes/{id}}
 * reads back. {@code totalCents = subtotalCents - discountCents + shippingCents + taxCents}.
 *
 * @param id the quote id
 * @param orderId the order's id
 * @param customerId the customer
 * @param status {@code approved}, {@code review} or {@code rejected}, from the fraud score
 * @param currency ISO currency
 * @param subtotalCents sum of the lines
 * @param discountCents the discount
 * @param shippingCents the cheapest shipping option
 * @param taxCents the tax
 * @param totalCents what the customer pays
 * @param discount how the discount came about
 * @param fraud the fraud score
 * @param shipping the chosen shipping option
 * @param tax the tax by line
 * @param producedBy which vendor plugin, at which digest, produced each part
 * @param createdAt when the quote was made
 */
public record Quote(
        String id,
        String orderId,
        String customerId,
        String status,
        String currency,
        long subtotalCents,
        long discountCents,
        long shippingCents,
        long taxCents,
        long totalCents,
        Discount discount,
        Fraud fraud,
        Shipping shipping,
        Tax tax,
        Map<String, Producer> producedBy,
        Instant createdAt) {

    /** The discount's rules. */
    public record Discount(
            List<VendorAnswers.AppliedRule> appliedRules,
            VendorAnswers.@Nullable RejectedCoupon rejectedCoupon) {}

    /** The fraud score and the signals that fired. */
    public record Fraud(long score, String decision, List<String> signals) {}

    /** The chosen shipping option. */
    public record Shipping(String carrier, String service, long days, long weightGrams) {}

    /** Tax by line. */
    public record Tax(String country, List<VendorAnswers.TaxLine> lines) {}

    /**
     * Who produced a part of the quote.
     *
     * @param vendor the plugin name
     * @param sha256 the module digest: the exact version
     * @param fuel fuel the call used
     * @param micros how long the call took
     */
    public record Producer(String vendor, String sha256, long fuel, long micros) {}
}
