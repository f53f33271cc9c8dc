/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

/** No quote has the id asked for: answered with 404. */
public class QuoteNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuoteNotFoundException(String id) {
        super("no quote with id '" + id + "'");
    }
}
