/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/quotes} and {@code GET /api/quotes/{id}}. Errors are RFC 9457 problem details
 * ({@link ProblemHandler}).
 */
@RestController
@RequestMapping("/api/quotes")
public class QuoteController {
    private final QuoteService quotes;

    public QuoteController(QuoteService quotes) {
        this.quotes = quotes;
    }

    /**
     * Quotes an order.
     *
     * @param vendor vendor plugins to use instead of the configured ones, each in its own slot
     *     (demo: {@code ?vendor=endless-loop})
     */
    @PostMapping
    public ResponseEntity<Quote> create(
            @Valid @RequestBody OrderRequest order,
            @RequestParam(name = "vendor", required = false) List<String> vendor) {
        Quote quote = quotes.create(order, vendor == null ? List.of() : vendor);
        return ResponseEntity.created(URI.create("/api/quotes/" + quote.id())).body(quote);
    }

    @GetMapping("/{id}")
    public Quote get(@PathVariable String id) {
        return quotes.find(id).orElseThrow(() -> new QuoteNotFoundException(id));
    }
}
