/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * A host function failed unexpectedly. The guest was trapped and the instance discarded; the host
 * function's exception is the cause.
 */
public class HostFunctionException extends PluginException {
    private static final long serialVersionUID = 1L;

    public HostFunctionException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
    }
}
