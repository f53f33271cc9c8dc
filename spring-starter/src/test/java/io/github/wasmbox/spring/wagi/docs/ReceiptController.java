/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi.docs;

import io.github.wasmbox.spring.wagi.WagiRoutes;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The docs/wagi.md example: a controller that has the receipt plugin render a stored quote. */
@RestController
public class ReceiptController {
    private final WagiRoutes routes;
    private final Quotes quotes;

    public ReceiptController(WagiRoutes routes, Quotes quotes) {
        this.routes = routes;
        this.quotes = quotes;
    }

    @GetMapping("/quotes/{id}/receipt")
    public ResponseEntity<?> receipt(@PathVariable String id, HttpServletRequest request) {
        byte[] quote = quotes.json(id); // loaded by the application, which checks access first
        return routes.serve("receipt", request, MediaType.APPLICATION_JSON, quote);
    }
}
