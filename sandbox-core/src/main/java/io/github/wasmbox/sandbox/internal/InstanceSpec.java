/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.RandomPolicy;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.wasi.GuestClocks;
import io.github.wasmbox.sandbox.internal.wasi.PreopenImage;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What every instance of one loaded plugin is created with, derived once from its policy. Immutable
 * and thread-safe.
 */
public final class InstanceSpec {
    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private final PluginPolicy policy;
    private final Map<String, HostFunctionDefinition> capabilities;
    private final Map<String, String> environment;
    private final boolean command;
    private final long hostCallFuel;
    private final long hostCallFuelPerByte;
    private final List<PreopenImage> preopens;
    private final MemoryReservations memoryBudget;

    public InstanceSpec(
            PluginPolicy policy,
            Map<String, HostFunctionDefinition> capabilities,
            Map<String, String> environment,
            boolean command,
            long hostCallFuel,
            long hostCallFuelPerByte,
            MemoryReservations memoryBudget) {
        this.policy = policy;
        this.memoryBudget = memoryBudget;
        this.capabilities = Map.copyOf(capabilities);
        this.environment = Map.copyOf(environment);
        this.command = command;
        this.hostCallFuel = hostCallFuel;
        this.hostCallFuelPerByte = hostCallFuelPerByte;
        // Taken once here, at load: instances mount these snapshots, never the host directory.
        this.preopens =
                policy.preopens().stream()
                        .map(PreopenImage::of)
                        .collect(Collectors.toUnmodifiableList());
    }

    /** The runtime-wide budget every instance's linear memory is reserved against. */
    public MemoryReservations memoryBudget() {
        return memoryBudget;
    }

    /** The content of every preopen grant, in the order the guest's descriptors number them. */
    public List<PreopenImage> preopens() {
        return preopens;
    }

    /** The guest's WASI clocks, per the policy. */
    public GuestClocks clocks() {
        return new GuestClocks(policy.clock());
    }

    public Limits limits() {
        return policy.limits();
    }

    /**
     * The JVM stack the guest's own frames may take in one call: half the policy's stack size. The
     * other half is left for what runs below and above them: the caller's frames, wasmbox's and
     * Endive's, and the host functions the guest calls at its deepest.
     */
    public long guestStackBytes() {
        return policy.limits().stackSizeBytes() / 2;
    }

    /** The granted capability functions, keyed by {@code module/name}. */
    public Map<String, HostFunctionDefinition> capabilities() {
        return capabilities;
    }

    /** The policy's environment variables that have a value, in the policy's order. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The guest's WASI {@code argv}: {@code programName} as {@code argv[0]}, then the policy's
     * args, as the policy documents them.
     */
    public List<String> argv(String programName) {
        List<String> argv = new ArrayList<>(policy.args().size() + 1);
        argv.add(programName);
        argv.addAll(policy.args());
        return argv;
    }

    public long hostCallFuel() {
        return hostCallFuel;
    }

    public long hostCallFuelPerByte() {
        return hostCallFuelPerByte;
    }

    /** Whether the module is a command: it exports {@code _start} and runs once per call. */
    public boolean command() {
        return command;
    }

    /** A command's stdin is the call input; a reactor's is what the policy grants. */
    public byte[] stdin(CallState state) {
        return command ? state.input() : policy.stdin();
    }

    /** The guest's randomness: shared {@code SecureRandom}, or a fresh seeded source. */
    public Random random() {
        RandomPolicy random = policy.random();
        return random.isSeeded() ? new Random(random.seed().getAsLong()) : SECURE_RANDOM;
    }
}
