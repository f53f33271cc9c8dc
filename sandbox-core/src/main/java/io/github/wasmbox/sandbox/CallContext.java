/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * Who is calling which plugin function: available to host functions so that they can authorize per
 * call (for example by tenant or business principal).
 *
 * @param pluginName the plugin's name
 * @param functionName the plugin function being called
 * @param callId a runtime-unique id of this call, also put in the logging MDC
 * @param attributes caller-supplied attributes, such as {@code tenant}; immutable
 */
public record CallContext(
        String pluginName, String functionName, long callId, Map<String, String> attributes) {
    public CallContext {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(functionName, "functionName");
        attributes = Map.copyOf(attributes);
    }
}
