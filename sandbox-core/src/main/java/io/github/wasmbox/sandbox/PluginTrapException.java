/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The guest trapped (unreachable, out-of-bounds memory access, bad pointer passed to the host,
 * integer division by zero, ...). The instance is discarded.
 */
public class PluginTrapException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginTrapException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
    }
}
