/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.engine.LinearMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The WASI preview 1 state of one instance, wasmbox's own implementation, engine-free: the
 * descriptor table (standard streams, the preopens as descriptors 3, 4, …, what the guest opened),
 * the in-memory files, the guest's clocks and randomness, and the functions of {@link #FUNCTIONS}
 * working on them through the guest's linear memory.
 *
 * <p>It records whether the guest did anything a later call could observe ({@link #used()}). Only
 * reading the arguments and the environment, and writing to stdout or stderr, leave a session as it
 * was created: stdout and stderr are the call's own buffers, reset for every call. A PRISTINE
 * instance reset between calls keeps an unused session and gets a fresh one otherwise.
 *
 * <p>Confined to the instance's call thread; {@link #close()} releases the descriptors and files.
 */
public final class WasiSession implements AutoCloseable {
    /** Every function of WASI preview 1, which this class implements. */
    public static final Set<String> FUNCTIONS = WasiFunctions.NAMES;

    private final WasiContext context;
    private final WasiFunctions functions;
    private boolean used;

    private WasiSession(WasiContext context, WasiFunctions functions) {
        this.context = context;
        this.functions = functions;
    }

    /**
     * Opens a session as a new instance of {@code spec} sees it: its preopens mounted afresh, its
     * stdin taken from the call state now, and for a command (instantiated for every call) the
     * caller's environment variables of the call ({@link CallerEnvironment}) after the policy's.
     *
     * @throws java.io.UncheckedIOException if the preopened files cannot be mounted
     */
    public static WasiSession open(InstanceSpec spec, CallState state) {
        GuestFiles files = GuestFiles.mount(spec.preopens(), spec.limits(), spec.clocks());
        DescriptorTable descriptors = new DescriptorTable(spec.limits().maxOpenFiles());
        descriptors.add(Descriptor.stream(Descriptor.Kind.STDIN, Rights.STDIN));
        descriptors.add(Descriptor.stream(Descriptor.Kind.STDOUT, Rights.STDOUT));
        descriptors.add(Descriptor.stream(Descriptor.Kind.STDERR, Rights.STDOUT));
        for (GuestFiles.Mount mount : files.mounts()) {
            descriptors.add(
                    new Descriptor(
                            Descriptor.Kind.DIRECTORY,
                            mount,
                            mount.root,
                            null,
                            0,
                            mount.image.guestPath(),
                            Rights.DIRECTORY,
                            Rights.DIRECTORY | Rights.FILE,
                            0));
        }
        WasiContext context =
                new WasiContext(
                        state, files, descriptors, spec.clocks(), spec.hostCallFuelPerByte());
        List<String> environment = new ArrayList<>();
        Map<String, String> variables =
                spec.command()
                        ? CallerEnvironment.of(spec.environment(), state.context().attributes())
                        : spec.environment();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            environment.add(variable.getKey() + "=" + variable.getValue());
        }
        FileCalls fileCalls = new FileCalls(context, spec.stdin(state));
        ProcessCalls processCalls =
                new ProcessCalls(
                        context,
                        spec.argv(state.context().pluginName()),
                        environment,
                        spec.random());
        return new WasiSession(
                context,
                new WasiFunctions(context, fileCalls, new PathCalls(context), processCalls));
    }

    /**
     * Runs WASI function {@code name} with the guest's raw arguments.
     *
     * @return the errno, as the single result
     * @throws io.github.wasmbox.sandbox.internal.GuestFault when the call traps (a pointer outside
     *     memory, fuel, the deadline, a denial under a trapping policy) or the guest exits
     * @throws IllegalArgumentException if {@code name} is not in {@link #FUNCTIONS}
     */
    public long[] call(String name, @Nullable LinearMemory memory, long[] args) {
        if (!used && !leavesNoTrace(name, args)) {
            used = true;
        }
        return new long[] {functions.call(name, memory, args)};
    }

    /** Whether the guest made a WASI call that can leave state behind in this session. */
    public boolean used() {
        return used;
    }

    private static boolean leavesNoTrace(String name, long[] args) {
        switch (name) {
            case "args_get":
            case "args_sizes_get":
            case "environ_get":
            case "environ_sizes_get":
                return true;
            case "fd_write":
                // In an unused session descriptors 1 and 2 are still the call's capture buffers.
                return args[0] == 1 || args[0] == 2;
            default:
                return false;
        }
    }

    @Override
    public void close() {
        try {
            context.descriptors.close();
        } finally {
            context.files.close();
        }
    }
}
