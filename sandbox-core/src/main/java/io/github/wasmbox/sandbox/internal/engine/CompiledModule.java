/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.List;
import java.util.Set;

/**
 * A parsed, validated and compiled module, ready to instantiate any number of times.
 * Implementations are immutable and thread-safe.
 */
public interface CompiledModule {

    /** The callable plugin functions; {@code _start} alone for a command module. */
    Set<String> functions();

    /** True for a WASI command ({@code _start}). */
    boolean isCommand();

    /** An estimate of the heap this compiled module holds, for the in-memory cache's bound. */
    int weight();

    /** Whether the compiled code came from the persistent compile cache. */
    boolean fromCompileCache();

    /**
     * Whether the compiled code bounds the guest's depth itself: each call's frames may take at
     * most {@link InstanceSpec#guestStackBytes()} of the JVM stack, counted the same on every
     * thread and run. Then a call may run on its caller's thread without risking the caller's
     * stack; otherwise only the size of the thread running it bounds the guest.
     */
    boolean boundsGuestStack();

    /** Whether the module imports function {@code module/name} with exactly this signature. */
    boolean importsFunction(
            String module, String name, List<WasmType> params, List<WasmType> results);

    /**
     * Creates an instance: links the core ABI, WASI and the granted capabilities through {@link
     * HostImports}, clamps memories and tables to the policy, and runs the start function and
     * {@code _initialize} under the budget already set on {@code state.fuel()}.
     *
     * @throws GuestFault if instantiation traps, runs out of fuel or time
     */
    GuestInstance instantiate(InstanceSpec spec, CallState state);
}
