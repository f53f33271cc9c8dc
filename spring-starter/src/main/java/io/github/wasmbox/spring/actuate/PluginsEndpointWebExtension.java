/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code plugins} endpoint over HTTP: a reload of a plugin that is not configured answers 404,
 * as reading it does, instead of the 204 an operation without a result gets. Thread-safe.
 */
@EndpointWebExtension(endpoint = PluginsEndpoint.class)
public class PluginsEndpointWebExtension {
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
}
