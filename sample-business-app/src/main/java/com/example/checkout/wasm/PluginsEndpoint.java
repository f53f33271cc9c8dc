package com.example.checkout.wasm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Actuator endpoint {@code plugins}: the list (name, digest, state, limits) and, per plugin, its
 * grants and its counters (calls, outcomes, denials, fuel and memory high-water marks), which is
 * where an operator sees what a hostile vendor tried.
 */
@Endpoint(id = "plugins")
public final class PluginsEndpoint {
    private final LoadedPlugins plugins;
    private final PluginStats stats;

    public PluginsEndpoint(LoadedPlugins plugins, PluginStats stats) {
        this.plugins = plugins;
        this.stats = stats;
    }

    @ReadOperation
    public Map<String, Object> list() {
        List<Map<String, Object>> list =
                plugins.states().values().stream().map(state -> summary(state)).toList();
        return Map.of("plugins", list);
    }

    @ReadOperation
    public @Nullable Map<String, Object> plugin(@Selector String name) {
        LoadedPlugins.State state = plugins.states().get(name);
        if (state == null) {
            return null; // the endpoint infrastructure answers 404
        }
        Map<String, Object> detail = summary(state);
        if (state.policy() != null) {
            detail.put("grants", PluginDescriptions.grants(state.policy()));
        }
        detail.put("stats", stats.snapshot(name));
        return detail;
    }

    private static Map<String, Object> summary(LoadedPlugins.State state) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", state.name());
        summary.put("location", state.location());
        summary.put("sha256", state.sha256() == null ? "" : state.sha256());
        summary.put("state", state.loaded() ? "LOADED" : "FAILED");
        if (state.failure() != null) {
            summary.put("failure", state.failure());
        }
        if (state.policy() != null) {
            summary.put("limits", PluginDescriptions.limits(state.policy()));
        }
        return summary;
    }
}
