package io.github.wasmbox.sandbox.internal;

/**
 * A live plugin instance as the runtime sees it, independent of the engine. Confined to the thread
 * running its call.
 */
public interface GuestInstance extends AutoCloseable {

    /** The instance's per-call state. */
    CallState state();

    /**
     * Runs an exported plugin function ({@code () -> i32}, or {@code _start}).
     *
     * @return the function's return code (0 for {@code _start})
     * @throws GuestFault when the guest stops abnormally, and of kind {@link GuestFault.Kind#EXIT}
     *     with the exit code as {@link GuestFault#attempted()} when it calls {@code proc_exit},
     *     with any code
     */
    int call(String function);

    /** The current linear-memory size in bytes. */
    long memoryBytes();

    /** Releases the instance's resources (WASI descriptors). */
    @Override
    void close();
}
