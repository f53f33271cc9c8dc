/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import io.github.wasmbox.spring.wagi.WagiRoutes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/quotes}, {@code GET /api/quotes/{id}} and {@code GET /api/quotes/{id}/receipt}.
 * Errors are RFC 9457 problem details ({@link ProblemHandler}).
 */
@RestController
@RequestMapping("/api/quotes")
public class QuoteController {
    private final QuoteService quotes;
    private final WagiRoutes routes;
    private final JsonMapper json;

    public QuoteController(QuoteService quotes, WagiRoutes routes, JsonMapper json) {
        this.quotes = quotes;
        this.routes = routes;
        this.json = json;
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

    /**
     * The receipt page of a saved quote, rendered by the {@code receipt} plugin (C, WAGI route
     * {@code wasmbox.routes.receipt}). The app loads the quote and hands it to the plugin as JSON
     * on stdin; the plugin sees that, the request line and the route's variables, and nothing else:
     * no database, no request headers, no host functions. {@code ?format=text} asks it for text.
     */
    @GetMapping("/{id}/receipt")
    public ResponseEntity<?> receipt(@PathVariable String id, HttpServletRequest request) {
        Quote quote = quotes.find(id).orElseThrow(() -> new QuoteNotFoundException(id));
        return routes.serve(
                "receipt", request, MediaType.APPLICATION_JSON, json.writeValueAsBytes(quote));
    }
}
