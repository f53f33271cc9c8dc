package com.example.checkout.wasm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health {@code plugins}: UP when every required plugin loaded; DOWN when one did not, or while
 * plugins are still loading. An optional plugin that failed shows in the details but does not take
 * the app down: its slot answers 503 on its own.
 */
public final class PluginsHealthIndicator implements HealthIndicator {
    private final LoadedPlugins plugins;

    public PluginsHealthIndicator(LoadedPlugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public Health health() {
        if (!plugins.ready()) {
            return Health.down().withDetail("reason", "plugins are loading").build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (LoadedPlugins.State state : plugins.states().values()) {
            details.put(state.name(), state.loaded() ? "LOADED" : "FAILED: " + state.failure());
            up &= state.loaded() || !state.required();
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
