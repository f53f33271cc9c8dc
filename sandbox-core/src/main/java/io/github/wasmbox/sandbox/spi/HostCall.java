/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PayloadCodec;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The plugin call a host function runs in. Valid only until the host function returns, and only on
 * the thread that received it.
 */
public interface HostCall {

    /** Who is calling: plugin, function, call id, caller attributes. */
    CallContext context();

    /** The calling plugin's policy: grants and limits. */
    PluginPolicy policy();

    /** The calling plugin's memory. */
    GuestMemory memory();

    /** The runtime's codec for values that travel as JSON. */
    PayloadCodec codec();

    /** The plugin's logger, {@code wasmbox.plugin.<name>}. */
    Logger logger();

    /**
     * The time left before the call's deadline; blocking host functions (network, locks) must not
     * wait longer than this.
     */
    Duration remaining();

    /**
     * Charges {@code fuel} for work the host does for this call beyond the per-call and per-byte
     * charges, such as entries a lookup walks. The charge is applied when the host function
     * returns, with the per-byte charge: a call whose budget it exhausts stops with a fuel fault.
     * So a host function must still bound its own work; the charge makes the plugin pay for it.
     *
     * @throws IllegalArgumentException if {@code fuel} is negative
     */
    void charge(long fuel);

    /**
     * Per-call state of a host module, such as a budget or a random stream: the value stored under
     * {@code key} for this call, created with {@code initial} on first use and discarded when the
     * call ends. Use the host module's own instance (or a private constant) as the key.
     */
    <T> T attachment(Object key, Supplier<? extends T> initial);

    /**
     * Sets the pending result the guest fetches with {@code result_read} and returns the value to
     * hand back to the guest: the result's length, or {@link ErrorCode#TOO_LARGE} (with an
     * explanatory pending message) when it exceeds the policy's {@code max-host-result}.
     */
    int result(byte[] bytes);

    /**
     * Sets the pending result to {@code message} and returns the error code to hand back to the
     * guest.
     */
    int error(ErrorCode code, String message);

    /**
     * Tells the runtime that the host function used {@code target} of {@code capability} because
     * the policy granted it, such as the key-value namespace it read or the HTTP origin it called.
     * A recorded call keeps these with the host function's answer, which is how {@code
     * PolicyLearner} proposes the targets a plugin really uses. Call it once the grant has been
     * checked; it does nothing unless the call is recorded. The default does nothing.
     *
     * @param capability the capability, such as {@code kv}, {@code http} or {@code config}
     * @param target what was used: a namespace, an origin, a key
     */
    default void granted(String capability, String target) {}

    /**
     * Records that the policy denied {@code target} for {@code capability}: raises the denied event
     * and, if the policy traps on denial, throws {@link
     * io.github.wasmbox.sandbox.PolicyViolationException}. Otherwise returns the {@code DENIED}
     * code with an explanatory pending result.
     */
    int denied(String capability, String target);

    /**
     * Records that the plugin reached {@code quota} of {@code capability}: raises the quota-reached
     * event and returns the {@code TOO_LARGE} code with {@code message} as the pending result.
     * Never traps, also under {@code trap-on-denial}: a full quota is the plugin's own budget, not
     * a policy violation.
     *
     * @param quota the setting that was reached, such as {@code max-entries}; a fixed name, never
     *     guest text
     * @param message what the guest is told, naming the setting
     */
    int quotaReached(String capability, String quota, String message);
}
