/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.internal.engine.HostCallTape;
import io.github.wasmbox.sandbox.internal.engine.HostImport;
import io.github.wasmbox.sandbox.internal.engine.LinearMemory;
import io.github.wasmbox.sandbox.record.HostAnswer;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs each host call live and keeps its answer: what it returned, wrote into guest memory and left
 * pending, the fuel it charged (read off the meter, so WASI's and the host functions' own charges
 * and the per-byte charge are all in it), the targets it used and the fault it raised. One per
 * recorded call, confined to its call thread.
 */
public final class RecordingTape implements HostCallTape {
    private final CallState state;
    private final List<HostAnswer> answers = new ArrayList<>();
    private @Nullable List<HostAnswer.MemoryWrite> writes;
    private @Nullable List<HostAnswer.Grant> grants;

    public RecordingTape(CallState state) {
        this.state = state;
    }

    /** The answers so far, in call order. */
    public List<HostAnswer> answers() {
        return answers;
    }

    @Override
    public long @Nullable [] call(
            String qualifiedName,
            List<WasmType> params,
            List<WasmType> results,
            long[] args,
            @Nullable LinearMemory memory,
            HostImport live) {
        List<HostAnswer.MemoryWrite> callWrites = new ArrayList<>();
        List<HostAnswer.Grant> callGrants = new ArrayList<>();
        writes = callWrites;
        grants = callGrants;
        byte[] pendingBefore = state.pending();
        long fuelBefore = state.fuel().remaining();
        long[] returned = null;
        HostAnswer.Fault fault = null;
        try {
            returned = live.apply(memory, args);
            return returned;
        } catch (GuestFault f) {
            fault = fault(f);
            throw f;
        } finally {
            writes = null;
            grants = null;
            byte[] pending = state.pending();
            answers.add(
                    new HostAnswer(
                            qualifiedName,
                            params,
                            results,
                            args.clone(),
                            returned == null ? null : returned.clone(),
                            callWrites,
                            pending == pendingBefore ? null : pending.clone(),
                            fuelBefore - state.fuel().remaining(),
                            fault,
                            callGrants,
                            false));
        }
    }

    @Override
    public void written(int ptr, byte[] bytes) {
        List<HostAnswer.MemoryWrite> current = writes;
        if (current != null) {
            current.add(new HostAnswer.MemoryWrite(ptr, bytes));
        }
    }

    @Override
    public void granted(String capability, String target) {
        List<HostAnswer.Grant> current = grants;
        if (current != null) {
            current.add(new HostAnswer.Grant(capability, target));
        }
    }

    private static HostAnswer.Fault fault(GuestFault f) {
        String capability = null;
        String target = null;
        if (f.getCause() instanceof PolicyViolationException denial) {
            capability = denial.capability();
            target = denial.target();
        }
        return new HostAnswer.Fault(
                f.kind().name(),
                String.valueOf(f.getMessage()),
                f.limit(),
                f.attempted(),
                capability,
                target,
                f.getCause() instanceof HostFunctionException);
    }
}
