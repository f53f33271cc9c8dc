/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/**
 * Quotes in the database: the figures and who produced them as columns for reporting, the lines,
 * and the quote document exactly as the API returned it, so that a read gives back the same quote.
 *
 * <p>Thread-safe. {@link #insert} must run inside the caller's transaction: it writes three tables.
 */
public class QuoteRepository {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public QuoteRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Quote quote, OrderRequest order) {
        jdbc.sql(
                        """
                        INSERT INTO quote (id, order_id, customer_id, status, currency,
                            subtotal_cents, discount_cents, shipping_cents, tax_cents, total_cents,
                            fraud_score, created_at, document)
                        VALUES (:id, :orderId, :customerId, :status, :currency, :subtotal,
                            :discount, :shipping, :tax, :total, :fraudScore, :createdAt, :document)
                        """)
                .param("id", quote.id())
                .param("orderId", quote.orderId())
                .param("customerId", quote.customerId())
                .param("status", quote.status())
                .param("currency", quote.currency())
                .param("subtotal", quote.subtotalCents())
                .param("discount", quote.discountCents())
                .param("shipping", quote.shippingCents())
                .param("tax", quote.taxCents())
                .param("total", quote.totalCents())
                .param("fraudScore", quote.fraud().score())
                .param("createdAt", Timestamp.from(quote.createdAt()))
                .param("document", json.writeValueAsString(quote))
                .update();
        int line = 0;
        for (OrderRequest.Item item : order.items()) {
            jdbc.sql(
                            """
                            INSERT INTO quote_line (quote_id, line_no, sku, quantity,
                                unit_price_cents, category)
                            VALUES (:quoteId, :lineNo, :sku, :quantity, :price, :category)
                            """)
                    .param("quoteId", quote.id())
                    .param("lineNo", ++line)
                    .param("sku", item.sku())
                    .param("quantity", item.quantity())
                    .param("price", item.unitPriceCents())
                    .param("category", item.category())
                    .update();
        }
        for (Map.Entry<String, Quote.Producer> part : quote.producedBy().entrySet()) {
            jdbc.sql(
                            """
                            INSERT INTO quote_vendor (quote_id, slot, vendor, sha256, fuel, micros)
                            VALUES (:quoteId, :slot, :vendor, :sha256, :fuel, :micros)
                            """)
                    .param("quoteId", quote.id())
                    .param("slot", part.getKey())
                    .param("vendor", part.getValue().vendor())
                    .param("sha256", part.getValue().sha256())
                    .param("fuel", part.getValue().fuel())
                    .param("micros", part.getValue().micros())
                    .update();
        }
    }

    Optional<Quote> find(String id) {
        return jdbc.sql("SELECT document FROM quote WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(document -> json.readValue(document, Quote.class));
    }

    /** The number of saved quotes (for tests: a failed quote adds none). */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM quote").query(Long.class).single();
    }
}
