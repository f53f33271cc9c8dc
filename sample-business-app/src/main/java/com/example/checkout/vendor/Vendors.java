/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.spring.PluginRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Picks the vendor for each slot and calls it through the starter's {@link PluginRegistry}: JSON
 * in, JSON out, every wasmbox failure turned into a {@link VendorException} that names the slot and
 * the vendor. The registry rather than a {@code @WasmPlugin} interface, because the vendor is
 * chosen per request by name and the call carries the quote's unit of work as an attribute.
 *
 * <p>Thread-safe; quotes call vendors concurrently and wasmbox gives each call its own instance.
 */
public final class Vendors {
    private final VendorProperties properties;
    private final PluginRegistry plugins;
    private final JsonMapper json;

    public Vendors(VendorProperties properties, PluginRegistry plugins, JsonMapper json) {
        this.properties = properties;
        this.plugins = plugins;
        // Absent, not null: plugins written in Rust take a missing field as its default but
        // reject null for a number.
        this.json =
                json.rebuild()
                        .changeDefaultPropertyInclusion(
                                inclusion ->
                                        inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                        .build();
    }

    /**
     * The vendor per slot for one quote: the configured ones, with {@code overrides} (vendor names)
     * put in the slot each of them serves.
     *
     * @throws IllegalArgumentException if overrides are not allowed, a name is unknown, or two name
     *     the same slot
     */
    public Map<Slot, String> select(List<String> overrides) {
        Map<Slot, String> selected = new EnumMap<>(Slot.class);
        selected.putAll(properties.slots());
        if (overrides.isEmpty()) {
            return selected;
        }
        if (!properties.allowVendorOverride()) {
            throw new IllegalArgumentException(
                    "choosing vendors per request is disabled (checkout.allow-vendor-override)");
        }
        Map<Slot, String> chosen = new EnumMap<>(Slot.class);
        for (String name : overrides) {
            VendorProperties.Vendor vendor = properties.vendors().get(name);
            if (vendor == null) {
                throw new IllegalArgumentException(
                        "unknown vendor '"
                                + name
                                + "'; GET /api/vendors lists them: "
                                + String.join(", ", properties.vendors().keySet()));
            }
            String previous = chosen.put(vendor.slot(), name);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "vendors '"
                                + previous
                                + "' and '"
                                + name
                                + "' both serve slot "
                                + vendor.slot().id()
                                + "; pick one");
            }
        }
        selected.putAll(chosen);
        return selected;
    }

    /**
     * Calls {@code vendor} in {@code slot} with {@code input} as JSON and decodes its answer.
     *
     * @param attributes call attributes host functions see (the unit of work of the quote)
     * @throws VendorException if the vendor is not loaded, is stopped by the sandbox, fails, or
     *     answers something that is not the expected JSON
     */
    public <T> VendorCall<T> call(
            Slot slot, String vendor, Object input, Class<T> type, Map<String, String> attributes) {
        VendorProperties.Vendor config = properties.vendors().get(vendor);
        if (config == null || config.slot() != slot) {
            throw new VendorException(
                    slot,
                    vendor,
                    "vendor '" + vendor + "' is not configured for slot " + slot.id(),
                    null);
        }
        CallResult result;
        Plugin plugin;
        try {
            // The current version, even if it was replaced since the last quote.
            plugin = plugins.require(vendor);
            result = plugin.invoke(config.function(), json.writeValueAsBytes(input), attributes);
        } catch (PluginException e) {
            // Includes PluginNotLoadedException: an optional vendor that did not load.
            throw new VendorException(slot, vendor, e.getMessage(), e);
        } catch (IllegalStateException e) {
            // The plugin was unloaded between lookup and call.
            throw new VendorException(slot, vendor, "vendor '" + vendor + "' is not loaded", e);
        }
        T value;
        try {
            value = json.readValue(result.output(), type);
        } catch (JacksonException e) {
            throw new VendorException(
                    slot,
                    vendor,
                    "vendor '"
                            + vendor
                            + "' answered something that is not a "
                            + type.getSimpleName()
                            + ": "
                            + e.getOriginalMessage(),
                    e);
        }
        return new VendorCall<>(
                slot,
                vendor,
                plugin.sha256(),
                value,
                result.fuelConsumed(),
                result.duration().toNanos() / 1_000);
    }
}
