/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import com.example.checkout.vendor.Slot;
import com.example.checkout.vendor.VendorCall;
import com.example.checkout.vendor.Vendors;
import com.example.checkout.wasm.StagedKeyValueStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes quotes: asks the vendor of each slot (fraud, discount, shipping, tax), assembles the quote
 * and saves it — the quote, its lines, who produced what, and the vendors' own state changes such
 * as coupon use — in one transaction. Any vendor failure happens before anything is written, and
 * the vendors' held-back writes are dropped with it, so a failed quote leaves nothing behind.
 *
 * <p>Thread-safe.
 */
public class QuoteService {
    private final Vendors vendors;
    private final QuoteRepository repository;
    private final StagedKeyValueStore vendorState;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public QuoteService(
            Vendors vendors,
            QuoteRepository repository,
            StagedKeyValueStore vendorState,
            TransactionTemplate transactions,
            Clock clock) {
        this.vendors = vendors;
        this.repository = repository;
        this.vendorState = vendorState;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Quotes {@code request} with the configured vendors, or with {@code vendorOverrides} in their
     * slots (the demo's hostile vendors).
     *
     * @throws IllegalArgumentException if the overrides are not acceptable
     * @throws com.example.checkout.vendor.VendorException if a vendor fails or is stopped
     * @throws OrderRejectedException if no carrier ships the order
     */
    public Quote create(OrderRequest request, List<String> vendorOverrides) {
        Map<Slot, String> selected = vendors.select(vendorOverrides);
        String id = UUID.randomUUID().toString();
        OrderRequest order =
                request.orderId() == null
                        ? request.withOrderId("order-" + id.substring(0, 8))
                        : request;
        Map<String, String> attributes = Map.of(StagedKeyValueStore.UNIT_ATTRIBUTE, id);

        vendorState.begin(id);
        try {
            VendorCall<VendorAnswers.Fraud> fraud =
                    vendors.call(
                            Slot.FRAUD,
                            selected.get(Slot.FRAUD),
                            order,
                            VendorAnswers.Fraud.class,
                            attributes);
            VendorCall<VendorAnswers.Discount> discount =
                    vendors.call(
                            Slot.DISCOUNT,
                            selected.get(Slot.DISCOUNT),
                            order,
                            VendorAnswers.Discount.class,
                            attributes);
            VendorCall<VendorAnswers.Shipping> shipping =
                    vendors.call(
                            Slot.SHIPPING,
                            selected.get(Slot.SHIPPING),
                            order,
                            VendorAnswers.Shipping.class,
                            attributes);
            VendorCall<VendorAnswers.Tax> tax =
                    vendors.call(
                            Slot.TAX,
                            selected.get(Slot.TAX),
                            order,
                            VendorAnswers.Tax.class,
                            attributes);

            Quote quote = assemble(id, order, fraud, discount, shipping, tax);
            transactions.executeWithoutResult(
                    status -> {
                        repository.insert(quote, order);
                        // Inside the transaction: the coupon is spent only if the quote is saved.
                        vendorState.commit(id);
                    });
            return quote;
        } finally {
            vendorState.discard(id);
        }
    }

    /** The saved quote {@code id}. */
    public Optional<Quote> find(String id) {
        return repository.find(id);
    }

    private Quote assemble(
            String id,
            OrderRequest order,
            VendorCall<VendorAnswers.Fraud> fraud,
            VendorCall<VendorAnswers.Discount> discount,
            VendorCall<VendorAnswers.Shipping> shipping,
            VendorCall<VendorAnswers.Tax> tax) {
        VendorAnswers.ShippingOption option = shipping.value().cheapest();
        if (option == null) {
            throw new OrderRejectedException(
                    "no carrier ships to " + order.shippingAddress().country(),
                    Slot.SHIPPING,
                    shipping.vendor());
        }
        long subtotal = discount.value().subtotalCents();
        long discountCents = discount.value().discountCents();
        long taxCents = tax.value().taxCents();
        long total = subtotal - discountCents + option.priceCents() + taxCents;

        Map<String, Quote.Producer> producedBy = new LinkedHashMap<>();
        for (VendorCall<?> call : List.of(fraud, discount, shipping, tax)) {
            producedBy.put(
                    call.slot().id(),
                    new Quote.Producer(call.vendor(), call.sha256(), call.fuel(), call.micros()));
        }
        String decision = fraud.value().decision();
        return new Quote(
                id,
                order.orderId() == null ? "" : order.orderId(),
                order.customerId(),
                switch (decision) {
                    case "approve" -> "approved";
                    case "reject" -> "rejected";
                    default -> "review";
                },
                discount.value().currency(),
                subtotal,
                discountCents,
                option.priceCents(),
                taxCents,
                total,
                new Quote.Discount(
                        discount.value().appliedRules(), discount.value().rejectedCoupon()),
                new Quote.Fraud(
                        fraud.value().score(),
                        decision,
                        fraud.value().signals().stream().map(VendorAnswers.Signal::name).toList()),
                new Quote.Shipping(
                        option.carrier(),
                        option.service(),
                        option.days(),
                        shipping.value().weightGrams()),
                new Quote.Tax(tax.value().country(), tax.value().lines()),
                producedBy,
                // Millisecond precision, so that a quote read back from any database is equal.
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    }
}
