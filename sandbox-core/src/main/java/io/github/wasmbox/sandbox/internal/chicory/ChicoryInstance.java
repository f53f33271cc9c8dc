package io.github.wasmbox.sandbox.internal.chicory;

import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.FuelMeter;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.GuestInstance;
import io.github.wasmbox.sandbox.internal.wasi.GuestFiles;
import org.jspecify.annotations.Nullable;

/** One live Chicory instance; confined to the thread running its call. */
final class ChicoryInstance implements GuestInstance {
    private final Instance instance;
    private final WasiPreview1 wasi;
    private final GuestFiles files;
    private final CallState state;
    private final long memoryCapBytes;

    ChicoryInstance(
            Instance instance,
            WasiPreview1 wasi,
            GuestFiles files,
            CallState state,
            long memoryCapBytes) {
        this.instance = instance;
        this.wasi = wasi;
        this.files = files;
        this.state = state;
        this.memoryCapBytes = memoryCapBytes;
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
            return 0; // proc_exit(0)
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
        try {
            wasi.close();
        } finally {
            files.close();
        }
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
