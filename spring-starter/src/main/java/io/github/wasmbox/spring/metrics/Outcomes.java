/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code outcome} tag: {@code success}, {@code trap}, {@code timeout}, {@code fuel}, {@code
 * memory}, {@code denied}, {@code cancelled} (the runtime closed during the call, or the caller was
 * interrupted: not the plugin's doing) or {@code error} (everything else, such as a plugin-reported
 * failure); a call that threw is {@code busy} when no instance became free in time. A small fixed
 * set, so that dashboards and alerts stay stable.
 */
public final class Outcomes {
    private Outcomes() {}

    /** The tag value of a runtime outcome. */
    public static String of(PluginEvents.Outcome outcome) {
        switch (outcome) {
            case SUCCESS:
                return "success";
            case TRAP:
                return "trap";
            case TIMEOUT:
                return "timeout";
            case FUEL:
                return "fuel";
            case MEMORY:
                return "memory";
            case DENIED:
                return "denied";
            case CANCELLED:
                return "cancelled";
            default:
                return "error";
        }
    }

    /** The tag value of a call that threw {@code failure}, or succeeded when it is null. */
    public static String of(@Nullable Throwable failure) {
        if (failure == null) {
            return "success";
        }
        if (failure instanceof ResourceExhaustedException exhausted) {
            switch (exhausted.resource()) {
                case FUEL:
                    return "fuel";
                case MEMORY:
                    return "memory";
                default:
                    return "error";
            }
        }
        if (failure instanceof PluginTimeoutException) {
            return "timeout";
        }
        if (failure instanceof PluginTrapException) {
            return "trap";
        }
        if (failure instanceof PolicyViolationException) {
            return "denied";
        }
        if (failure instanceof PluginCancelledException) {
            return "cancelled";
        }
        if (failure instanceof PluginBusyException) {
            // No instance became free within acquire-timeout: the pool is saturated.
            return "busy";
        }
        return "error";
    }
}
