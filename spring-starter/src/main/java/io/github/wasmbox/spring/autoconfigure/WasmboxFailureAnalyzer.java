package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.spring.PluginStartupException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a plugin that does not load at start-up, or an invalid {@code wasmbox.*} property, into a
 * report naming the plugin, the key, what is wrong and what to do. Stateless and thread-safe.
 */
public class WasmboxFailureAnalyzer implements FailureAnalyzer {

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PluginStartupException plugin) {
                return new FailureAnalysis(
                        "Plugin '"
                                + plugin.pluginName()
                                + "' did not load (property "
                                + plugin.propertyKey()
                                + "):\n\n"
                                + plugin.getMessage(),
                        plugin.action()
                                + "\nIf the application can run without it, set wasmbox.plugins."
                                + plugin.pluginName()
                                + ".required to false.",
                        plugin);
            }
            if (cause instanceof InvalidWasmboxPropertyException property) {
                return new FailureAnalysis(
                        "Invalid wasmbox configuration (property "
                                + property.propertyKey()
                                + "):\n\n"
                                + property.getMessage(),
                        property.action(),
                        property);
            }
        }
        return null;
    }
}
