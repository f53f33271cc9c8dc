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
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Answers each host call from a record instead of a live capability: the recorded memory writes,
 * pending result, fuel charge, results or fault, in order. An answer fits the call if it is for the
 * same function and, when it writes guest memory, the guest passed the same arguments (so the
 * writes land where the guest expects them); a call the record cannot answer fails the guest as a
 * host error, and {@link #unanswered()} says why. One per replayed call, confined to its thread.
 */
public final class ReplayingTape implements HostCallTape {
    private final CallState state;
    private final List<HostAnswer> answers;
    private int next;
    private @Nullable String unanswered;

    public ReplayingTape(CallState state, List<HostAnswer> answers) {
        this.state = state;
        this.answers = answers;
    }

    /** Why a host call could not be answered from the record; null if every one was. */
    public @Nullable String unanswered() {
        return unanswered;
    }

    /** How many recorded answers the replay used. */
    public int used() {
        return next;
    }

    @Override
    public long @Nullable [] call(
            String qualifiedName,
            List<WasmType> params,
            List<WasmType> results,
            long[] args,
            @Nullable LinearMemory memory,
            HostImport live) {
        HostAnswer answer = next < answers.size() ? answers.get(next) : null;
        String why = misfit(answer, qualifiedName, args, memory);
        if (why != null) {
            if (unanswered == null) {
                unanswered = why;
            }
            throw new GuestFault(GuestFault.Kind.HOST_ERROR, why, null);
        }
        next++;
        for (HostAnswer.MemoryWrite write : answer.writes()) {
            memory.write(write.offset(), write.bytes());
        }
        if (answer.pending() != null) {
            state.replayPending(answer.pending());
        }
        state.fuel().charge(answer.fuel());
        if (answer.fault() != null) {
            throw fault(answer.fault());
        }
        return answer.returned() == null ? null : answer.returned().clone();
    }

    private @Nullable String misfit(
            @Nullable HostAnswer answer,
            String qualifiedName,
            long[] args,
            @Nullable LinearMemory memory) {
        int number = next + 1;
        if (answer == null) {
            return "host call #"
                    + number
                    + " to "
                    + qualifiedName
                    + " has no answer: the record holds "
                    + answers.size();
        }
        if (!answer.function().equals(qualifiedName)) {
            return "host call #"
                    + number
                    + " is to "
                    + qualifiedName
                    + ", where the record answers "
                    + answer.function();
        }
        if (answer.writes().isEmpty()) {
            return null;
        }
        if (!Arrays.equals(answer.args(), args)) {
            return "host call #"
                    + number
                    + " to "
                    + qualifiedName
                    + " passes "
                    + Arrays.toString(args)
                    + " where the record passed "
                    + Arrays.toString(answer.args())
                    + ", and its answer writes guest memory";
        }
        for (HostAnswer.MemoryWrite write : answer.writes()) {
            if (memory == null
                    || Integer.toUnsignedLong(write.offset()) + write.bytes().length
                            > memory.size()) {
                return "host call #"
                        + number
                        + " to "
                        + qualifiedName
                        + ": the recorded answer writes outside the guest's memory";
            }
        }
        return null;
    }

    @Override
    public void written(int ptr, byte[] bytes) {
        // Replayed answers write directly; a live call's writes are the guest's own business.
    }

    @Override
    public void granted(String capability, String target) {
        // Replay runs no capability.
    }

    private GuestFault fault(HostAnswer.Fault fault) {
        GuestFault.Kind kind = GuestFault.Kind.valueOf(fault.kind());
        Throwable cause = null;
        String plugin = state.context().pluginName();
        String function = state.context().functionName();
        if (fault.capability() != null && fault.target() != null) {
            cause =
                    new PolicyViolationException(
                            plugin, function, fault.capability(), fault.target(), fault.message());
        } else if (fault.hostError()) {
            cause = new HostFunctionException(plugin, function, fault.message(), null);
        }
        return new GuestFault(kind, fault.message(), fault.limit(), fault.attempted(), cause);
    }
}
