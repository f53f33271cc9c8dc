/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

import java.util.Locale;

/** The extension points of the checkout, each served by one vendor plugin per quote. */
public enum Slot {
    FRAUD,
    DISCOUNT,
    SHIPPING,
    TAX;

    /** The name used in configuration and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
