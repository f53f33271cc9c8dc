/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/** No instance of the plugin became free within the policy's acquire timeout. */
public class PluginBusyException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginBusyException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
    }
}
