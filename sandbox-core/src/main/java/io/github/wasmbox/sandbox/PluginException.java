/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception wasmbox throws for something a plugin did or a plugin's configuration
 * got wrong. Unchecked. Misuse of the API itself (a null argument, a closed runtime) throws the
 * JDK's own exceptions instead.
 *
 * <p>Every message says what happened, which limit or grant was involved and what to change. No
 * Endive type and no raw JVM error from guest code ever escapes as the exception itself; the
 * guest-side cause, when useful, is only attached as {@link #getCause()}.
 */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final @Nullable String functionName;

    public PluginException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.pluginName = pluginName;
        this.functionName = functionName;
    }

    /** The name the plugin was loaded under. */
    public String pluginName() {
        return pluginName;
    }

    /** The plugin function being called, or {@code null} when the failure happened at load. */
    public @Nullable String functionName() {
        return functionName;
    }
}
