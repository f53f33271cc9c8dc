/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

import io.github.wasmbox.sandbox.PluginException;
import org.jspecify.annotations.Nullable;

/**
 * A vendor plugin could not serve its slot for this quote: it was stopped by the sandbox, reported
 * a failure, or is not available. Carries the slot and vendor so that the API can say exactly who
 * failed and why.
 */
public class VendorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Slot slot;
    private final String vendor;

    public VendorException(
            Slot slot, String vendor, String message, @Nullable RuntimeException cause) {
        super(message, cause);
        this.slot = slot;
        this.vendor = vendor;
    }

    public Slot slot() {
        return slot;
    }

    public String vendor() {
        return vendor;
    }

    /** Whether the vendor ran but its answer was not the JSON the slot expects. */
    public boolean badAnswer() {
        return getCause() instanceof tools.jackson.core.JacksonException;
    }

    /** The wasmbox exception that stopped the vendor, if that is what happened. */
    public @Nullable PluginException pluginFailure() {
        return getCause() instanceof PluginException failure ? failure : null;
    }
}
