/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The call (including instantiation and blocking host calls) ran past the policy's timeout. The
 * instance is discarded. {@link #hostFunction()} tells whether the deadline hit while the host was
 * working for the plugin (a slow capability or a blocking WASI call) rather than in the guest's own
 * code.
 */
public class PluginTimeoutException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String hostFunction;

    /**
     * @param hostFunction the host function that was running when the deadline hit, as {@code
     *     module.name}; null when the guest's own code was running
     */
    public PluginTimeoutException(
            String pluginName,
            @Nullable String functionName,
            @Nullable String hostFunction,
            String message,
            @Nullable Throwable cause) {
        super(pluginName, functionName, message, cause);
        this.hostFunction = hostFunction;
    }

    /**
     * The host function that was running when the deadline hit, as {@code module.name} (such as
     * {@code wasmbox:http.get} or {@code wasi_snapshot_preview1.poll_oneoff}); empty when the
     * guest's own code was running.
     */
    public Optional<String> hostFunction() {
        return Optional.ofNullable(hostFunction);
    }
}
