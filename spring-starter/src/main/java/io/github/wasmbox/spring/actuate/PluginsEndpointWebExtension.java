/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code plugins} endpoint over HTTP: a reload of a plugin that is not configured answers 404,
 * as reading it does, instead of the 204 an operation without a result gets; a learned policy that
 * cannot be learned answers 409 with a message saying what to change. Thread-safe.
 */
@EndpointWebExtension(endpoint = PluginsEndpoint.class)
public class PluginsEndpointWebExtension {
    private static final int STATUS_CONFLICT = 409;

    private final PluginsEndpoint endpoint;

    public PluginsEndpointWebExtension(PluginsEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Reloads a configured plugin (see {@link PluginsEndpoint#reload}); 404 for an unknown one. */
    @WriteOperation
    public WebEndpointResponse<PluginsEndpoint.ReloadResult> reload(@Selector String name) {
        PluginsEndpoint.ReloadResult result = endpoint.reload(name);
        return result == null
                ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
                : new WebEndpointResponse<>(result);
    }

    /**
     * The policy learned from the plugin's records (see {@link PluginsEndpoint#learnedPolicy}); 404
     * for an unknown plugin, 409 with {@code {"name", "error"}} when there is nothing to learn
     * from.
     */
    @ReadOperation
    public WebEndpointResponse<Object> learnedPolicy(
            @Selector String name, @Selector String operation) {
        try {
            PluginsEndpoint.LearnedPolicyDescriptor learned =
                    endpoint.learnedPolicy(name, operation);
            return learned == null
                    ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
                    : new WebEndpointResponse<>(learned);
        } catch (PluginsEndpoint.NotLearnableException e) {
            return new WebEndpointResponse<>(
                    new LearnFailure(name, String.valueOf(e.getMessage())), STATUS_CONFLICT);
        }
    }

    /** Why a policy could not be learned. */
    public record LearnFailure(String name, String error) {}
}
