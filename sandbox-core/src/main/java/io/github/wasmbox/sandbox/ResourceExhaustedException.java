/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The plugin ran out of one of its quotas, or the caller's input was over the plugin's input limit
 * ({@link Resource#INPUT}, refused before any guest code ran). The instance is discarded; the host
 * is unaffected. {@link #limit()} is the quota in force and {@link #attempted()} what the plugin
 * consumed or asked for when it was stopped (both in the unit of the {@link #resource()}).
 */
public class ResourceExhaustedException extends PluginException {
    private static final long serialVersionUID = 1L;

    /** The quotas a plugin can exhaust. */
    public enum Resource {
        /** Instructions, as metered by the fuel rewrite. Unit: fuel. */
        FUEL,
        /** Linear memory. Unit: bytes. */
        MEMORY,
        /** Table elements. Unit: elements. */
        TABLE,
        /** The call thread's stack (deep recursion). Unit: bytes of configured stack. */
        STACK,
        /** Output, error message, host results, logs or stdout/stderr. Unit: bytes. */
        OUTPUT,
        /** The call's input, over {@code limits.max-input}; the call never started. Unit: bytes. */
        INPUT
    }

    private final Resource resource;
    private final long limit;
    private final long attempted;

    public ResourceExhaustedException(
            String pluginName,
            @Nullable String functionName,
            Resource resource,
            long limit,
            long attempted,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
        this.resource = resource;
        this.limit = limit;
        this.attempted = attempted;
    }

    public Resource resource() {
        return resource;
    }

    public long limit() {
        return limit;
    }

    public long attempted() {
        return attempted;
    }
}
