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
 * @param attributes caller-supplied attributes, such as {@code tenant}; immutable. Those named
 *     {@link #ENVIRONMENT_PREFIX}{@code NAME} are WASI environment variables of a command plugin's
 *     call
 */
public record CallContext(
        String pluginName, String functionName, long callId, Map<String, String> attributes) {
    /**
     * The prefix of attributes that set a WASI environment variable for one call of a command
     * plugin: {@code env.PATH_INFO=/a} is {@code PATH_INFO=/a} in the guest's environment, after
     * the policy's own variables, which a caller cannot replace. At most 256 variables of 64 KiB
     * together; a name has 1 to 256 bytes without {@code =} or NUL, a value no NUL. A call that
     * breaks a rule, or passes such an attribute to a plugin that is not a command, fails with
     * {@link IllegalArgumentException} before it starts.
     */
    public static final String ENVIRONMENT_PREFIX = "env.";

    public CallContext {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(functionName, "functionName");
        attributes = Map.copyOf(attributes);
    }
}
