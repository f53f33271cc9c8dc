/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The plugin tried to use something its policy does not grant, and the policy asks for denials to
 * trap ({@code trap-on-denial}). Without that switch the guest only receives the {@code DENIED}
 * error code and the call goes on.
 */
public class PolicyViolationException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String capability;
    private final String target;

    public PolicyViolationException(
            String pluginName,
            @Nullable String functionName,
            String capability,
            String target,
            String message) {
        super(pluginName, functionName, message, null);
        this.capability = capability;
        this.target = target;
    }

    /** The capability involved, such as {@code wasmbox:http} or {@code wasmbox:kv}. */
    public String capability() {
        return capability;
    }

    /** What the plugin tried to reach: a host, a namespace, a config key. */
    public String target() {
        return target;
    }
}
