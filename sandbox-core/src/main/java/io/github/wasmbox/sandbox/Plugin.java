/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.PluginPolicy;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * A loaded, verified and compiled plugin. Obtained from {@link PluginRuntime#load}; owned by that
 * runtime, which releases it on {@link PluginRuntime#close()} or {@link
 * PluginRuntime#unload(String)}.
 *
 * <p>Thread-safe: any number of threads may call a plugin at once. Each call leases an instance
 * exclusively from the plugin's bounded pool (size {@code limits.poolSize}); when none is free
 * within {@code limits.acquireTimeout} the call throws {@link PluginBusyException}. Under the
 * default {@code PRISTINE} state mode every call sees an instance that no earlier call has touched;
 * an instance that trapped, timed out, exhausted a quota or exited is always discarded, never
 * reused.
 *
 * <p>Every call method throws only {@link PluginException} subclasses for anything the plugin does,
 * and {@link IllegalStateException} once the plugin was unloaded.
 */
public interface Plugin {

    /** The name the plugin was loaded under. */
    String name();

    /** The lowercase hex SHA-256 of the module as delivered (before instrumentation). */
    String sha256();

    /** The policy the plugin runs under. */
    PluginPolicy policy();

    /**
     * What the load-time audit found: least-privilege warnings (grants the module does not use,
     * manifest requests) and the effective limits. A module with audit errors never loads.
     */
    AuditReport auditReport();

    /** The plugin functions the module exports (for command-mode plugins, {@code _start}). */
    java.util.Set<String> functions();

    /** Calls {@code function} with raw input bytes and returns its raw output. */
    byte[] call(String function, byte[] input);

    /**
     * Calls {@code function} with {@code input} encoded by this plugin's {@link #codec()} (a {@code
     * byte[]} input is passed as is) and decodes the output as {@code resultType}, which may be a
     * parameterized type such as {@code List<Quote>}. The output is bounded by the policy's {@code
     * maxOutputBytes} before it is decoded, whatever the type. This is the one typed-call path: the
     * {@link Class} overload and the Spring starter's proxies go through it.
     *
     * @return the decoded output, an instance of {@code resultType} (boxed, for a primitive type)
     * @throws PluginOutputException if the output is not a valid encoding of {@code resultType} or
     *     breaks one of the codec's rules for output from a plugin
     */
    Object call(String function, Object input, Type resultType);

    /**
     * Calls {@code function} as {@link #call(String, Object, Type)} does and returns the output as
     * an instance of {@code resultType}.
     *
     * @throws PluginOutputException if the output is not a valid encoding of {@code resultType} or
     *     breaks one of the codec's rules for output from a plugin
     */
    @SuppressWarnings("unchecked") // a primitive class's boxed value: Class.cast would refuse it
    default <T> T call(String function, Object input, Class<T> resultType) {
        Object result = call(function, input, (Type) resultType);
        return resultType.isPrimitive() ? (T) result : resultType.cast(result);
    }

    /**
     * The codec typed calls to this plugin use: the runtime's {@link PayloadCodec}, bounded by this
     * plugin's limits when it is the default JSON codec. Whoever decodes this plugin's output
     * itself (a proxy, for a generic result type) uses it, so every typed path applies the same
     * rules.
     */
    PayloadCodec codec();

    /**
     * The instance pool of the version serving now: its size, the calls holding or waiting for an
     * instance, and how many calls found none in time. Cheap and lock-free, for gauges.
     */
    PluginPool pool();

    /** Calls {@code function} and returns the output together with the call's statistics. */
    CallResult invoke(String function, byte[] input);

    /**
     * Like {@link #invoke(String, byte[])}, with caller attributes (tenant, principal, ...) that
     * host functions see in their {@link CallContext}.
     */
    CallResult invoke(String function, byte[] input, Map<String, String> attributes);
}
