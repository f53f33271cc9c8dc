/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.engine.FuelMeter;
import io.github.wasmbox.sandbox.internal.engine.GuestInstance;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import java.util.List;
import org.jspecify.annotations.Nullable;
import run.endive.runtime.ExecutionCompletedException;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;

/** One live Endive instance; confined to the thread running its call. */
final class EndiveInstance implements GuestInstance {
    private final Instance instance;
    private final EndiveLinker linker;
    private final CallState state;
    private final long memoryCapBytes;
    private final MemoryReservations budget;
    private final List<FlatMemory> memories;
    private final long guestStackBytes;

    /**
     * @param memories the instance's memories that hold a reservation of {@code budget}, released
     *     by {@link #close()}
     * @param guestStackBytes the stack budget each call gives the guest's frames in memory 0's
     *     cells, or 0 when the generated code does not charge its frames
     */
    EndiveInstance(
            Instance instance,
            EndiveLinker linker,
            CallState state,
            long memoryCapBytes,
            MemoryReservations budget,
            List<FlatMemory> memories,
            long guestStackBytes) {
        this.instance = instance;
        this.linker = linker;
        this.state = state;
        this.memoryCapBytes = memoryCapBytes;
        this.budget = budget;
        this.memories = memories;
        this.guestStackBytes = guestStackBytes;
    }

    @Override
    public @Nullable Snapshot snapshot() {
        return linker.hostCalls() == 0 ? InstanceImage.capture(instance) : null;
    }

    /**
     * {@inheritDoc}
     *
     * @throws java.io.UncheckedIOException if the preopened files cannot be mounted again
     */
    @Override
    public boolean restore(Snapshot snapshot) {
        if (!((InstanceImage) snapshot).restore(instance)) {
            return false;
        }
        linker.renewWasi();
        return true;
    }

    /** The Endive instance, for tests that compare a reset instance with a fresh one. */
    Instance engine() {
        return instance;
    }

    @Override
    public CallState state() {
        return state;
    }

    @Override
    public int call(String function) {
        if (guestStackBytes > 0) {
            // Whatever the last call left charged (a trap skips the returns that give back).
            memories.get(0).budgetStack(guestStackBytes);
        }
        try {
            long[] result = instance.export(function).apply();
            Faults.requireFuelLeft(state.fuel());
            return result == null || result.length == 0 ? 0 : (int) result[0];
        } catch (ExecutionCompletedException e) {
            throw new GuestFault(GuestFault.Kind.EXIT, "exit code 0", 0, 0, e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw Faults.classify(
                    e,
                    state.fuel(),
                    memoryBytes(),
                    memoryCapBytes,
                    capReached(),
                    budget,
                    memories.stream().anyMatch(FlatMemory::budgetRefused));
        }
    }

    @Override
    public long memoryBytes() {
        Memory memory = memoryOrNull();
        return memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Whether the guest hit the policy's memory cap: exact for {@link FlatMemory}. */
    private boolean capReached() {
        Memory memory = memoryOrNull();
        if (memory instanceof FlatMemory) {
            return ((FlatMemory) memory).growRefused();
        }
        return memoryBytes() + Memory.PAGE_SIZE > memoryCapBytes;
    }

    private @Nullable Memory memoryOrNull() {
        try {
            return instance.memory();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        release(linker, memories);
    }

    /** Closes an instance's linker and gives its memories' reservations back. */
    static void release(EndiveLinker linker, List<FlatMemory> memories) {
        try {
            linker.close();
        } finally {
            memories.forEach(FlatMemory::release);
        }
    }

    /** The fuel counter in the rewrite's exported global. */
    static final class GlobalCounter implements FuelMeter.Counter {
        private final GlobalInstance global;

        GlobalCounter(GlobalInstance global) {
            this.global = global;
        }

        @Override
        public long get() {
            return global.getValue();
        }

        @Override
        public void set(long value) {
            global.setValue(value);
        }
    }
}
