/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.PluginException;

/**
 * A configured plugin could not be loaded: its configuration is invalid, or its module failed a
 * check. Thrown at start-up for a required plugin (and turned into a report by the starter's
 * failure analyzer), and from {@link PluginRegistry#reload(String)}. The cause is the underlying
 * failure, such as a {@link io.github.wasmbox.sandbox.PluginLinkException}. Immutable.
 */
public class PluginStartupException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String propertyKey;
    private final String action;

    public PluginStartupException(
            String pluginName, String propertyKey, String message, String action, Throwable cause) {
        super(pluginName, null, message, cause);
        this.propertyKey = propertyKey;
        this.action = action;
    }

    /** The configuration key at fault, such as {@code wasmbox.plugins.discount.sha256}. */
    public String propertyKey() {
        return propertyKey;
    }

    /** What to change to fix it. */
    public String action() {
        return action;
    }
}
