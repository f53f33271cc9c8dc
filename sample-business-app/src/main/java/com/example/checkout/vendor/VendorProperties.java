/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which vendor plugin serves which slot ({@code checkout.slots}), and what the app knows about each
 * vendor plugin ({@code checkout.vendors}): its slot and the export to call. The plugins themselves
 * — location, digest, grants, limits — are the wasmbox starter's {@code wasmbox.plugins.*}.
 *
 * @param slots the vendor that serves each slot by default
 * @param vendors every vendor plugin, by plugin name
 * @param allowVendorOverride whether a request may pick another vendor for a slot ({@code
 *     ?vendor=name}), which is how the demo puts a hostile vendor in place
 */
@ConfigurationProperties("checkout")
public record VendorProperties(
        @DefaultValue Map<Slot, String> slots,
        @DefaultValue Map<String, Vendor> vendors,
        @DefaultValue("false") boolean allowVendorOverride) {

    /**
     * A vendor plugin.
     *
     * @param slot the slot it can serve
     * @param function the export to call (ignored by command-mode plugins)
     * @param company who delivers it
     * @param description what it does, or, for a hostile one, what it attempts
     * @param hostile whether it is one of the demo's attackers
     */
    public record Vendor(
            Slot slot,
            String function,
            @DefaultValue("") String company,
            @DefaultValue("") String description,
            @DefaultValue("false") boolean hostile) {}
}
