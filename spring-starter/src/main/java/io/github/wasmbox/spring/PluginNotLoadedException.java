/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.PluginException;
import org.jspecify.annotations.Nullable;

/**
 * A call went to a plugin that is not loaded: it is not configured, or it is optional ({@code
 * required: false}) and failed to load. The message carries the load failure, if any. Immutable.
 */
public class PluginNotLoadedException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginNotLoadedException(
            String pluginName, @Nullable String functionName, String message) {
        super(pluginName, functionName, message, null);
    }
}
