/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One answer the host gave the guest during a recorded call: a capability host function's result,
 * or a WASI call's (a clock reading, random bytes, a file read, the environment). It holds exactly
 * what the guest could observe of the call, so that replay can give the same answer without the
 * live capability: the results, the bytes the host wrote into guest memory, the pending result the
 * guest then fetches with {@code result_read}, the fuel the host charged, and the fault, if the
 * call stopped the guest. Immutable (its arrays are the record's own; do not change them).
 *
 * @param function the qualified name, such as {@code wasmbox:kv/get} or {@code
 *     wasi_snapshot_preview1/clock_time_get}
 * @param params the function's Wasm parameter types
 * @param results the function's Wasm result types
 * @param args the arguments the guest passed, raw
 * @param returned the values handed back to the guest, raw; null for a function without results or
 *     when it faulted
 * @param writes the bytes the host wrote into guest memory, in order
 * @param pending the pending result the call left for {@code result_read}; null if it set none
 * @param fuel the fuel the host charged beyond the per-call charge (work and bytes moved)
 * @param fault how the call stopped the guest; null if it returned
 * @param grants the capability targets the call used, such as the kv namespace or HTTP origin
 * @param masked whether a redaction hook replaced what this answer carried
 */
public record HostAnswer(
        String function,
        List<WasmType> params,
        List<WasmType> results,
        long[] args,
        long @Nullable [] returned,
        List<MemoryWrite> writes,
        byte @Nullable [] pending,
        long fuel,
        @Nullable Fault fault,
        List<Grant> grants,
        boolean masked) {

    public HostAnswer {
        Objects.requireNonNull(function, "function");
        params = List.copyOf(params);
        results = List.copyOf(results);
        Objects.requireNonNull(args, "args");
        writes = List.copyOf(writes);
        grants = List.copyOf(grants);
    }

    /** The import module part of {@link #function()}, such as {@code wasmbox:kv}. */
    public String module() {
        return function.substring(0, function.lastIndexOf('/'));
    }

    /**
     * This answer with its memory writes and pending result replaced by {@code mask} (cut or padded
     * with spaces to each original length, so the guest's view keeps its shape), and marked masked.
     */
    public HostAnswer masked(byte[] mask) {
        List<MemoryWrite> maskedWrites =
                writes.stream()
                        .map(w -> new MemoryWrite(w.offset(), fit(mask, w.bytes().length)))
                        .toList();
        return new HostAnswer(
                function,
                params,
                results,
                args,
                returned,
                maskedWrites,
                pending == null ? null : fit(mask, pending.length),
                fuel,
                fault,
                grants,
                true);
    }

    private static byte[] fit(byte[] mask, int length) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, (byte) ' ');
        System.arraycopy(mask, 0, out, 0, Math.min(mask.length, length));
        return out;
    }

    /**
     * Bytes the host wrote into guest memory.
     *
     * @param offset where, in guest memory
     * @param bytes what
     */
    public record MemoryWrite(int offset, byte[] bytes) {
        public MemoryWrite {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * A capability target a host function used, as it reported it through {@link
     * io.github.wasmbox.sandbox.spi.HostCall#granted}: {@code kv} and the namespace, {@code http}
     * and the origin, {@code config} and the key.
     */
    public record Grant(String capability, String target) {
        public Grant {
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * How a host call stopped the guest.
     *
     * @param kind the kind of stop, such as {@code TRAP}, {@code FUEL} or {@code DENIED}
     * @param message what happened
     * @param limit the limit that was reached, if any
     * @param attempted what the guest attempted, if any
     * @param capability for a denial: the capability denied
     * @param target for a denial: the target denied
     * @param hostError whether a host function failed (rather than the guest's request)
     */
    public record Fault(
            String kind,
            String message,
            long limit,
            long attempted,
            @Nullable String capability,
            @Nullable String target,
            boolean hostError) {
        public Fault {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }
}
