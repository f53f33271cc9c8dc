/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.lang.reflect.Type;

/**
 * A typed call's output could not be decoded into the type the caller asked for: it is not a valid
 * encoding of that type, or it breaks one of the {@link PayloadCodec}'s rules for output from a
 * plugin (for the default JSON codec: no duplicate keys, no coercion, bounded numbers and nesting).
 * The message says which rule or limit refused it. The plugin's call itself completed; the instance
 * stays healthy, and the raw output is still available through {@link Plugin#invoke}.
 */
public class PluginOutputException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String resultType;

    /**
     * @param reason why the codec refused the output, as its {@link IllegalArgumentException} says
     */
    public PluginOutputException(
            String pluginName,
            String functionName,
            Type resultType,
            IllegalArgumentException reason) {
        super(
                pluginName,
                functionName,
                "plugin '"
                        + pluginName
                        + "' function '"
                        + functionName
                        + "' returned output that is not a valid "
                        + resultType.getTypeName()
                        + ": "
                        + reason.getMessage(),
                reason);
        this.resultType = resultType.getTypeName();
    }

    /** The name of the type the output was to be decoded into. */
    public String resultType() {
        return resultType;
    }
}
