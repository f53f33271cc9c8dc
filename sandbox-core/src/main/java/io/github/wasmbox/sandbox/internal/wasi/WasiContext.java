/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.engine.LinearMemory;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What every WASI function of one session shares: the call state (fuel, deadline, limits, policy,
 * capture buffers), the guest's memory, its descriptors and files, and the rules that apply to all
 * of them: fuel charged before the host does the work ({@link WasiCosts}), path arguments bounded
 * and charged, and denials that either return their errno or trap, as the policy says. Confined to
 * the instance's call thread.
 */
final class WasiContext {
    final CallState state;
    final GuestFiles files;
    final DescriptorTable descriptors;
    final GuestClocks clocks;
    final long fuelPerByte;
    private @Nullable LinearMemory attached;
    private @Nullable WasiMemory memory;

    WasiContext(
            CallState state,
            GuestFiles files,
            DescriptorTable descriptors,
            GuestClocks clocks,
            long fuelPerByte) {
        this.state = state;
        this.files = files;
        this.descriptors = descriptors;
        this.clocks = clocks;
        this.fuelPerByte = fuelPerByte;
    }

    /** Starts WASI function {@code name} on the memory the engine passed (null if none). */
    WasiMemory enter(String name, @Nullable LinearMemory linear) {
        if (linear == null) {
            throw new GuestFault(
                    GuestFault.Kind.TRAP,
                    "the module exports no memory, so it cannot call WASI " + name,
                    null);
        }
        WasiMemory view = memory;
        if (view == null || linear != attached) {
            view = new WasiMemory(linear);
            memory = view;
            attached = linear;
        }
        view.calling(name);
        return view;
    }

    void charge(long fuel) {
        state.fuel().charge(fuel);
    }

    /**
     * Charges for the walk over {@code mount} that measures it before a write, a create or a
     * resize; nothing outside every mount.
     */
    void chargeWalk(GuestFiles.@Nullable Mount mount) {
        if (mount != null) {
            charge(WasiCosts.PER_WALKED_ENTRY * GuestFiles.walkBound(mount));
        }
    }

    /**
     * Reads a path argument: bounded length (a longer one traps), checked pointer, charged per byte
     * before it is read and per segment before anything resolves it, on top of the file-system call
     * it is for. Bytes that are not UTF-8 become U+FFFD, which no file name holds.
     */
    String path(WasiMemory memory, long ptr, long len) {
        long length = Integer.toUnsignedLong((int) len);
        memory.check(ptr, length);
        if (length > GuestNames.MAX_PATH_BYTES) {
            throw new GuestFault(
                    GuestFault.Kind.TRAP,
                    "WASI path of " + length + " bytes exceeds " + GuestNames.MAX_PATH_BYTES,
                    null);
        }
        charge(WasiCosts.FILE_SYSTEM_CALL + (fuelPerByte + WasiCosts.PER_PATH_BYTE) * length);
        byte[] bytes = memory.bytes(ptr, (int) length);
        long segments = 1;
        for (byte b : bytes) {
            if (b == '/') {
                segments++;
            }
        }
        charge(WasiCosts.PER_PATH_SEGMENT * segments);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A refusal by the policy (a read-only grant, a quota, a name or a link it does not allow):
     * {@code errno} for the guest, or a trap when the policy traps on denials.
     */
    int refuse(int errno, String call, String target) {
        if (state.policy().trapOnDenial()) {
            throw new GuestFault(
                    GuestFault.Kind.DENIED,
                    call + " refused with " + Errno.name(errno),
                    new PolicyViolationException(
                            state.context().pluginName(),
                            state.context().functionName(),
                            "wasi:" + call,
                            target,
                            "WASI "
                                    + call
                                    + " on "
                                    + target
                                    + " was refused with "
                                    + Errno.name(errno)
                                    + " by the plugin's policy"));
        }
        return errno;
    }
}
