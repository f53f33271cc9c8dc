/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The WASI environment variables a caller sets for one call of a command plugin: each attribute
 * named {@link CallContext#ENVIRONMENT_PREFIX}{@code NAME} becomes {@code NAME=value}, next to the
 * policy's own variables. The caller's values come from outside (a WAGI handler passes request
 * headers), so they are bounded: at most {@link #MAX_VARIABLES} variables of {@link #MAX_BYTES}
 * bytes together, names of at most {@link #MAX_NAME_BYTES} bytes without {@code =} or NUL, values
 * without NUL; and a caller cannot replace a variable the policy grants. Not instantiable;
 * stateless and thread-safe.
 */
public final class CallerEnvironment {
    /** The most variables one call may set. */
    public static final int MAX_VARIABLES = 256;

    /** The longest name of a variable, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 256;

    /** The most bytes of all variables of one call together, as {@code NAME=value\0}. */
    public static final int MAX_BYTES = 64 * 1024;

    private CallerEnvironment() {}

    /**
     * Checks the caller's variables among {@code attributes} before a call starts.
     *
     * @param command whether the plugin is a command (only commands take variables per call)
     * @param policy the plugin's policy, whose variables a caller cannot replace
     * @throws IllegalArgumentException naming the first variable that breaks a rule, and the rule
     */
    public static void check(Map<String, String> attributes, boolean command, PluginPolicy policy) {
        int count = 0;
        long bytes = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (!attribute.getKey().startsWith(CallContext.ENVIRONMENT_PREFIX)) {
                continue;
            }
            String name = attribute.getKey().substring(CallContext.ENVIRONMENT_PREFIX.length());
            String value = attribute.getValue();
            String quoted = "'" + GuestText.escape(name, GuestText.MAX_NAME_CHARS) + "'";
            if (!command) {
                throw new IllegalArgumentException(
                        "attribute '"
                                + GuestText.escape(attribute.getKey(), GuestText.MAX_NAME_CHARS)
                                + "' sets a WASI environment variable for the call, which only a"
                                + " command plugin (one that exports _start) takes; remove it");
            }
            int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (name.isEmpty()
                    || name.indexOf('=') >= 0
                    || name.indexOf('\0') >= 0
                    || nameBytes > MAX_NAME_BYTES) {
                throw new IllegalArgumentException(
                        "environment variable name "
                                + quoted
                                + " is not valid: a name is 1 to "
                                + MAX_NAME_BYTES
                                + " bytes without '=' or NUL");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "the value of environment variable " + quoted + " holds a NUL character");
            }
            if (policy.env().stream().anyMatch(grant -> grant.name().equals(name))) {
                throw new IllegalArgumentException(
                        "environment variable "
                                + quoted
                                + " is granted by the plugin's policy, and a caller cannot"
                                + " replace it; use another name");
            }
            count++;
            bytes += nameBytes + 2L + value.getBytes(StandardCharsets.UTF_8).length;
            if (count > MAX_VARIABLES || bytes > MAX_BYTES) {
                throw new IllegalArgumentException(
                        "the call sets more than "
                                + MAX_VARIABLES
                                + " environment variables or more than "
                                + MAX_BYTES
                                + " bytes of them; pass fewer or shorter ones");
            }
        }
    }

    /**
     * The policy's variables in their order, then the caller's ones ({@linkplain #check checked}
     * before the call started) sorted by name, so the guest sees the same environment for the same
     * attributes in every run.
     */
    static Map<String, String> of(Map<String, String> policy, Map<String, String> attributes) {
        Map<String, String> callers = new TreeMap<>();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String key = attribute.getKey();
            if (key.startsWith(CallContext.ENVIRONMENT_PREFIX)) {
                callers.put(
                        key.substring(CallContext.ENVIRONMENT_PREFIX.length()),
                        attribute.getValue());
            }
        }
        Map<String, String> environment = new LinkedHashMap<>(policy);
        callers.forEach(environment::putIfAbsent);
        return environment;
    }
}
