/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.PluginCounters;
import org.jspecify.annotations.Nullable;

/**
 * The {@code outcome} tag: one value per {@link PluginEvents.Outcome}, its name in lower case
 * ({@code success}, {@code failed}, {@code trap}, {@code timeout}, {@code fuel}, {@code memory},
 * {@code table}, {@code stack}, {@code output}, {@code denied}, {@code busy}, {@code host_error},
 * {@code input}, {@code cancelled}), the same names the {@code plugins} actuator endpoint counts
 * under. A call that threw something that is not a plugin's failure (such as a plugin that is not
 * loaded) is {@code error}. A small fixed set, so that dashboards and alerts stay stable.
 */
public final class Outcomes {
    /** The tag value of a call that failed outside the runtime. */
    public static final String ERROR = "error";

    private Outcomes() {}

    /** The tag value of a runtime outcome. */
    public static String of(PluginEvents.Outcome outcome) {
        return PluginCounters.key(outcome);
    }

    /**
     * The tag value of a call that threw {@code failure}, or succeeded when it is null: the outcome
     * the runtime reports for the same exception in its {@link PluginEvents.Call} event.
     */
    public static String of(@Nullable Throwable failure) {
        if (failure == null) {
            return of(PluginEvents.Outcome.SUCCESS);
        }
        PluginEvents.Outcome outcome = outcome(failure);
        return outcome == null ? ERROR : of(outcome);
    }

    private static PluginEvents.@Nullable Outcome outcome(Throwable failure) {
        if (failure instanceof ResourceExhaustedException exhausted) {
            return switch (exhausted.resource()) {
                case FUEL -> PluginEvents.Outcome.FUEL;
                case MEMORY -> PluginEvents.Outcome.MEMORY;
                case TABLE -> PluginEvents.Outcome.TABLE;
                case STACK -> PluginEvents.Outcome.STACK;
                case OUTPUT -> PluginEvents.Outcome.OUTPUT;
                case INPUT -> PluginEvents.Outcome.INPUT;
            };
        }
        if (failure instanceof PluginTimeoutException) {
            return PluginEvents.Outcome.TIMEOUT;
        }
        if (failure instanceof PluginCancelledException) {
            return PluginEvents.Outcome.CANCELLED;
        }
        if (failure instanceof PolicyViolationException) {
            return PluginEvents.Outcome.DENIED;
        }
        if (failure instanceof PluginFailedException) {
            return PluginEvents.Outcome.FAILED;
        }
        if (failure instanceof HostFunctionException) {
            return PluginEvents.Outcome.HOST_ERROR;
        }
        if (failure instanceof PluginBusyException) {
            return PluginEvents.Outcome.BUSY;
        }
        if (failure instanceof PluginTrapException) {
            return PluginEvents.Outcome.TRAP;
        }
        return null;
    }
}
