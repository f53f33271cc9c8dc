/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/vendors}: the vendor plugins, the slot each serves, digests and grants. */
@RestController
@RequestMapping("/api/vendors")
public class VendorsController {
    private final VendorProperties properties;
    private final PluginRegistry plugins;

    public VendorsController(VendorProperties properties, PluginRegistry plugins) {
        this.properties = properties;
        this.plugins = plugins;
    }

    @GetMapping
    public List<Map<String, Object>> vendors() {
        List<Map<String, Object>> vendors = new ArrayList<>();
        properties
                .vendors()
                .forEach(
                        (name, vendor) -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("name", name);
                            entry.put("slot", vendor.slot().id());
                            entry.put("company", vendor.company());
                            entry.put("description", vendor.description());
                            entry.put("hostile", vendor.hostile());
                            entry.put(
                                    "default", name.equals(properties.slots().get(vendor.slot())));
                            entry.put("function", vendor.function());
                            PluginStatus status = plugins.status(name).orElse(null);
                            if (status == null) {
                                entry.put("state", "NOT CONFIGURED");
                            } else {
                                entry.put("state", status.state().name());
                                entry.put("sha256", status.sha256());
                                PluginPolicy policy = status.policy();
                                if (policy != null) {
                                    entry.put("grants", PluginDescriptions.grants(policy));
                                    entry.put("limits", PluginDescriptions.limits(policy));
                                }
                            }
                            vendors.add(entry);
                        });
        return vendors;
    }
}
