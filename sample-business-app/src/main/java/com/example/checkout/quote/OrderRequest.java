/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An order to quote, as clients send it and as the vendor plugins receive it (the same JSON: the
 * plugins read the fields they know and ignore the rest). Money is in integer cents.
 *
 * @param orderId the client's order id; generated when absent
 * @param customerId who orders
 * @param customer what the shop knows about the customer, for fraud scoring
 * @param items the lines
 * @param couponCode an optional coupon
 * @param shippingAddress where it ships (its country also decides the tax)
 * @param billingCountry country of the payment instrument
 * @param currency ISO currency of the prices; must be the shop's when given
 */
public record OrderRequest(
        @Nullable @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String orderId,
        @NotBlank @Size(max = 64) String customerId,
        @Nullable @Valid Customer customer,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items,
        @Nullable @Size(max = 32) String couponCode,
        @NotNull @Valid Address shippingAddress,
        @Nullable @Pattern(regexp = "[A-Z]{2}") String billingCountry,
        @Nullable @Pattern(regexp = "[A-Z]{3}") String currency) {

    /** The same order with {@code id} as its order id. */
    OrderRequest withOrderId(String id) {
        return new OrderRequest(
                id,
                customerId,
                customer,
                items,
                couponCode,
                shippingAddress,
                billingCountry,
                currency);
    }

    /**
     * One line.
     *
     * @param sku stock keeping unit
     * @param quantity how many
     * @param unitPriceCents price of one, in cents
     * @param category such as {@code books} or {@code food} (reduced tax rates, category coupons)
     * @param weightGrams weight of one, for shipping
     */
    public record Item(
            @NotBlank @Size(max = 64) String sku,
            @NotNull @Min(1) @Max(10_000) Integer quantity,
            @NotNull @PositiveOrZero @Max(100_000_000) Long unitPriceCents,
            @Nullable @Size(max = 32) String category,
            @Nullable @PositiveOrZero @Max(1_000_000) Long weightGrams) {}

    /**
     * A postal address.
     *
     * @param country ISO 3166 alpha-2, upper case
     * @param postalCode postal code
     */
    public record Address(
            @NotBlank @Pattern(regexp = "[A-Z]{2}") String country,
            @NotBlank @Size(max = 16) String postalCode) {}

    /**
     * The customer's history.
     *
     * @param accountAgeDays days since the account was created
     * @param previousOrders completed orders before this one
     * @param chargebacks chargebacks so far
     * @param lastOrderAtMillis when the previous order was placed
     * @param email e-mail address
     */
    public record Customer(
            @Nullable @PositiveOrZero Long accountAgeDays,
            @Nullable @PositiveOrZero Long previousOrders,
            @Nullable @PositiveOrZero Long chargebacks,
            @Nullable Long lastOrderAtMillis,
            @Nullable @Email String email) {}
}
