/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The call was stopped by the host, not by anything the plugin did or a limit it reached: the
 * runtime was closed while the call was in flight, or the calling thread was interrupted. The
 * instance is discarded.
 */
public class PluginCancelledException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginCancelledException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
    }
}
