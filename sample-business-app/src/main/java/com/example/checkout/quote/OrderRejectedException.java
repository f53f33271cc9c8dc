/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import com.example.checkout.vendor.Slot;

/** The order cannot be quoted as it stands (a business rule, not a fault): answered with 422. */
public class OrderRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Slot slot;
    private final String vendor;

    public OrderRejectedException(String message, Slot slot, String vendor) {
        super(message);
        this.slot = slot;
        this.vendor = vendor;
    }

    public Slot slot() {
        return slot;
    }

    public String vendor() {
        return vendor;
    }
}
