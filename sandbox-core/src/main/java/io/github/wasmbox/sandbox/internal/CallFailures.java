/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginEvents.Outcome;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link GuestFault} into the public exception the caller sees, with a message that says
 * what happened, which limit was involved and what to change.
 */
public final class CallFailures {
    private CallFailures() {}

    public static PluginException toException(
            GuestFault fault, String plugin, String function, Limits limits, long fuelBudget) {
        String where = "plugin '" + plugin + "' function '" + function + "'";
        switch (fault.kind()) {
            case FUEL:
                return new ResourceExhaustedException(
                        plugin,
                        function,
                        Resource.FUEL,
                        fuelBudget,
                        fuelBudget,
                        where
                                + " ran out of fuel: it used its whole budget of "
                                + fuelBudget
                                + " ("
                                + fault.getMessage()
                                + "). Raise limits.fuel if the"
                                + " plugin legitimately needs more, or fix the plugin's loop.",
                        // No cause: a fuel stop is the metering's own trap, and the engine's
                        // exception for it says nothing the message does not, in dozens of
                        // generated frames that would fill every log of the stop.
                        null);
            case MEMORY:
                return new ResourceExhaustedException(
                        plugin,
                        function,
                        Resource.MEMORY,
                        limits.maxMemoryBytes(),
                        fault.attempted(),
                        where
                                + " exhausted its memory: "
                                + fault.getMessage()
                                + " (limit "
                                + limits.maxMemoryBytes()
                                + " bytes). Raise limits.max-memory"
                                + " if the plugin legitimately needs more.",
                        fault);
            case MEMORY_BUDGET:
                return new ResourceExhaustedException(
                        plugin,
                        function,
                        Resource.MEMORY,
                        fault.limit(),
                        fault.attempted(),
                        where
                                + " was refused memory by the runtime's memory budget of "
                                + fault.limit()
                                + " bytes, which the live instances of all plugins share: "
                                + fault.getMessage()
                                + ". The plugin stayed within its own limit. Raise the budget"
                                + " (PluginRuntime.Builder.memoryBudget), or lower the pool sizes"
                                + " or max-memory of the plugins that hold it.",
                        fault);
            case TABLE:
                return new ResourceExhaustedException(
                        plugin,
                        function,
                        Resource.TABLE,
                        limits.maxTableElements(),
                        fault.attempted(),
                        where + " exhausted its table: " + fault.getMessage(),
                        fault);
            case STACK:
                return new ResourceExhaustedException(
                        plugin,
                        function,
                        Resource.STACK,
                        limits.stackSizeBytes(),
                        limits.stackSizeBytes(),
                        where
                                + " overflowed its "
                                + limits.stackSizeBytes()
                                + "-byte call stack"
                                + " (recursion too deep). Raise limits.stack-size if the"
                                + " recursion is legitimate.",
                        fault);
            case OUTPUT:
                return new ResourceExhaustedException(
                        plugin,
                        function,
                        Resource.OUTPUT,
                        fault.limit(),
                        fault.attempted(),
                        where
                                + " exceeded an output cap: "
                                + fault.getMessage()
                                + ". Raise the matching limit (max-output, max-stdout,"
                                + " max-stderr, max-host-result) if the size is legitimate.",
                        fault);
            case TIMEOUT:
                return timeout(plugin, function, limits, null, fault);
            case EXIT:
                // Exits during a call are the caller's to report; this one ended instantiation.
                return new PluginTrapException(
                        plugin,
                        function,
                        where
                                + " exited with code "
                                + fault.attempted()
                                + " while it was being instantiated, before the call ran. A"
                                + " plugin's start function and _initialize must return, not exit.",
                        fault);
            case DENIED:
                return fault.getCause() instanceof PolicyViolationException
                        ? (PolicyViolationException) fault.getCause()
                        : new PluginTrapException(
                                plugin,
                                function,
                                where + " was denied: " + fault.getMessage(),
                                fault);
            case HOST_ERROR:
                return fault.getCause() instanceof HostFunctionException
                        ? (HostFunctionException) fault.getCause()
                        : new HostFunctionException(
                                plugin,
                                function,
                                where + ": " + fault.getMessage(),
                                fault.getCause());
            default:
                return new PluginTrapException(
                        plugin,
                        function,
                        where
                                + " trapped: "
                                + fault.getMessage()
                                + ". The instance was discarded; the next call gets a fresh one.",
                        fault);
        }
    }

    /**
     * A call that ran past its deadline.
     *
     * @param hostFunction the host function that was working for the guest when the deadline hit
     *     ({@code module/name}), or null when the guest's own code was running
     */
    public static PluginTimeoutException timeout(
            String plugin,
            String function,
            Limits limits,
            @Nullable String hostFunction,
            @Nullable Throwable cause) {
        String where =
                "plugin '"
                        + plugin
                        + "' function '"
                        + function
                        + "' timed out after "
                        + limits.timeout().toMillis()
                        + " ms";
        String message =
                hostFunction == null
                        ? where
                                + " while running its own code. Raise limits.timeout if the plugin"
                                + " legitimately needs longer, or fix the plugin's loop."
                        : where
                                + " while the host ran "
                                + hostFunction
                                + " for it, not in the plugin's own code. Find out why "
                                + hostFunction
                                + " is slow (the service or resource behind it); raise"
                                + " limits.timeout only if that wait is expected.";
        return new PluginTimeoutException(plugin, function, hostFunction, message, cause);
    }

    /** A call stopped by the host: the runtime closed, or the caller's thread was interrupted. */
    public static PluginCancelledException cancelled(
            String plugin, String function, String why, @Nullable Throwable cause) {
        return new PluginCancelledException(
                plugin,
                function,
                "plugin '"
                        + plugin
                        + "' function '"
                        + function
                        + "' was cancelled: "
                        + why
                        + ". The plugin did nothing wrong and reached no limit.",
                cause);
    }

    /** The outcome label of an exception, for events and metrics. */
    public static Outcome outcome(PluginException e) {
        if (e instanceof ResourceExhaustedException) {
            switch (((ResourceExhaustedException) e).resource()) {
                case FUEL:
                    return Outcome.FUEL;
                case MEMORY:
                    return Outcome.MEMORY;
                case TABLE:
                    return Outcome.TABLE;
                case STACK:
                    return Outcome.STACK;
                case INPUT:
                    return Outcome.INPUT;
                default:
                    return Outcome.OUTPUT;
            }
        }
        if (e instanceof PluginTimeoutException) {
            return Outcome.TIMEOUT;
        }
        if (e instanceof PluginCancelledException) {
            return Outcome.CANCELLED;
        }
        if (e instanceof PolicyViolationException) {
            return Outcome.DENIED;
        }
        if (e instanceof PluginFailedException) {
            return Outcome.FAILED;
        }
        if (e instanceof HostFunctionException) {
            return Outcome.HOST_ERROR;
        }
        if (e instanceof PluginBusyException) {
            return Outcome.BUSY;
        }
        return Outcome.TRAP;
    }
}
