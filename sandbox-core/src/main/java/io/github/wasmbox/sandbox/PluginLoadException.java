/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The module could not be loaded: it is malformed or invalid, too large, uses a disabled Wasm
 * feature, exceeds a declared-size limit, or failed its digest or signature check.
 */
public class PluginLoadException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginLoadException(
            String pluginName,
            @Nullable String functionName,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
    }
}
