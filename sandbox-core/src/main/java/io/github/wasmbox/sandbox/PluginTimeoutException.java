package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The call (including instantiation and blocking host calls) ran past the policy's timeout. The
 * instance is discarded.
 */
public class PluginTimeoutException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginTimeoutException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
    }
}
