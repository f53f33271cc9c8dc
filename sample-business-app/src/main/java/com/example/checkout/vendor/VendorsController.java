package com.example.checkout.vendor;

import com.example.checkout.wasm.LoadedPlugins;
import com.example.checkout.wasm.PluginDescriptions;
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
    private final LoadedPlugins plugins;

    public VendorsController(VendorProperties properties, LoadedPlugins plugins) {
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
                            LoadedPlugins.State state = plugins.states().get(name);
                            if (state == null) {
                                entry.put("state", "NOT CONFIGURED");
                            } else {
                                entry.put("state", state.loaded() ? "LOADED" : "FAILED");
                                entry.put("sha256", state.sha256());
                                if (state.policy() != null) {
                                    entry.put("grants", PluginDescriptions.grants(state.policy()));
                                    entry.put("limits", PluginDescriptions.limits(state.policy()));
                                }
                            }
                            vendors.add(entry);
                        });
        return vendors;
    }
}
