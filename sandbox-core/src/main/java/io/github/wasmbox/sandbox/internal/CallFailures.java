package io.github.wasmbox.sandbox.internal;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PluginEvents.Outcome;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;

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
                        fault);
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
                return new PluginTimeoutException(
                        plugin,
                        function,
                        where
                                + " timed out after "
                                + limits.timeout().toMillis()
                                + " ms ("
                                + fault.getMessage()
                                + "). Raise limits.timeout if the plugin"
                                + " legitimately needs longer.",
                        fault);
            case EXIT:
                return new PluginFailedException(
                        plugin,
                        function,
                        (int) fault.attempted(),
                        "exited with code " + fault.attempted());
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
                default:
                    return Outcome.OUTPUT;
            }
        }
        if (e instanceof PluginTimeoutException) {
            return Outcome.TIMEOUT;
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
        if (e instanceof io.github.wasmbox.sandbox.PluginBusyException) {
            return Outcome.BUSY;
        }
        return Outcome.TRAP;
    }
}
