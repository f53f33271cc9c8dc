package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.FuelMeter;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.GuestInstance;
import org.jspecify.annotations.Nullable;
import run.endive.runtime.ExecutionCompletedException;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasi.WasiExitException;

/** One live Endive instance; confined to the thread running its call. */
final class EndiveInstance implements GuestInstance {
    private final Instance instance;
    private final HostLinker linker;
    private final CallState state;
    private final long memoryCapBytes;

    EndiveInstance(Instance instance, HostLinker linker, CallState state, long memoryCapBytes) {
        this.instance = instance;
        this.linker = linker;
        this.state = state;
        this.memoryCapBytes = memoryCapBytes;
    }

    /**
     * Copies this instance's state, or returns null when it cannot serve as the image of every
     * instance of its plugin version: when the guest has called the host already (instantiation
     * that calls the host may read the call's input, the time or randomness, so its result is not
     * the same for every instance), or when {@link InstanceImage#capture} cannot copy it exactly.
     * Call it on a fresh instance, before its first call.
     */
    @Nullable InstanceImage image() {
        return linker.hostCalls() == 0 ? InstanceImage.capture(instance) : null;
    }

    /**
     * Puts this instance back into the state {@code image} recorded, with a fresh WASI session if
     * the guest used its own. Returns false when that cannot be done exactly; the caller then
     * closes the instance.
     *
     * @throws java.io.UncheckedIOException if the preopened files cannot be mounted again
     */
    boolean reset(InstanceImage image) {
        if (!image.restore(instance)) {
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
        try {
            long[] result = instance.export(function).apply();
            Faults.requireFuelLeft(state.fuel());
            return result == null || result.length == 0 ? 0 : (int) result[0];
        } catch (ExecutionCompletedException e) {
            throw new GuestFault(GuestFault.Kind.EXIT, "exit code 0", 0, 0, e);
        } catch (WasiExitException e) {
            throw new GuestFault(
                    GuestFault.Kind.EXIT, "exit code " + e.exitCode(), 0, e.exitCode(), e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw Faults.classify(e, state.fuel(), memoryBytes(), memoryCapBytes, capReached());
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
        linker.close();
    }

    /** The fuel meter over the rewrite's exported global. */
    static final class GlobalFuelMeter implements FuelMeter {
        private @Nullable GlobalInstance global;
        private long pending;

        void bind(GlobalInstance global) {
            this.global = global;
            global.setValue(pending);
        }

        @Override
        public long remaining() {
            return global == null ? pending : global.getValue();
        }

        @Override
        public void set(long fuel) {
            if (global == null) {
                pending = fuel;
            } else {
                global.setValue(fuel);
            }
        }

        @Override
        public void charge(long fuel) {
            if (fuel == 0 || global == null) {
                return;
            }
            long left = global.getValue() - fuel;
            global.setValue(left);
            if (left < 0) {
                throw new GuestFault(
                        GuestFault.Kind.FUEL, "host calls exhausted the fuel budget", null);
            }
        }
    }
}
