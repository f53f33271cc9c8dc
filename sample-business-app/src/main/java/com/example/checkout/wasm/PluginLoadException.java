package com.example.checkout.wasm;

/**
 * A required plugin did not load, so the app does not start. Carries the plugin name so that {@link
 * PluginLoadFailureAnalyzer} can tell the operator which configuration to fix.
 */
public class PluginLoadException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final String reason;

    public PluginLoadException(String pluginName, String reason, RuntimeException cause) {
        super("required plugin '" + pluginName + "' failed to load: " + reason, cause);
        this.pluginName = pluginName;
        this.reason = reason;
    }

    public String pluginName() {
        return pluginName;
    }

    public String reason() {
        return reason;
    }
}
