/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

/**
 * The module failed its provenance check: it carries less than the runtime's {@link PinRequirement}
 * (no SHA-256 pin or no signature where one is required), it is signed but the runtime has no
 * trusted keys, or no trusted key verifies its signature. A type of its own so that tools can tell
 * it from other load failures without reading the message, which may quote the plugin's name or
 * module contents.
 */
public class PluginSignatureException extends PluginLoadException {
    private static final long serialVersionUID = 1L;

    public PluginSignatureException(String pluginName, String message) {
        super(pluginName, null, message, null);
    }
}
