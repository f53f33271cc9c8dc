/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.wasi.Errno;
import io.github.wasmbox.sandbox.internal.wasi.GuestClocks;
import io.github.wasmbox.sandbox.internal.wasi.GuestFiles;
import io.github.wasmbox.sandbox.internal.wasi.GuestNames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmFunctionHandle;

/**
 * Puts wasmbox's rules in front of Endive's WASI preview 1, one function at a time. Endive resolves
 * paths and moves bytes; this class decides first whether it may: read-only grants, quotas on open
 * files, bytes and files, a cap on the bytes one call moves, names and symlink targets, clocks and
 * randomness per policy, and sleeps that end at the call's deadline. It also checks every guest
 * pointer and length before Endive allocates for it, so a hostile length traps the guest instead of
 * straining the host, and charges the host work a call will do ({@link WasiCosts}) before the host
 * does it: per iovec, subscription, random byte, path byte and segment, file-system call and
 * directory entry. An {@code fd_read} or {@code fd_write} of more than {@link WasiCosts#IOV_MAX}
 * iovecs fails with EINVAL, as on Linux.
 *
 * <p>A refusal returns the errno a POSIX program expects (EROFS, EMFILE, ENOSPC, …), or traps as a
 * policy violation when the policy traps on denials. One per WASI session ({@link WasiSession}),
 * confined to its instance's call thread.
 */
final class WasiGuard {
    private static final int O_CREAT = 1;
    private static final int O_TRUNC = 8;
    private static final long RIGHT_FD_WRITE = 1L << 6;
    private static final int FDFLAG_APPEND = 1;
    private static final int CLOCK_SUBSCRIPTION = 0;
    private static final int SUBSCRIPTION_ABSTIME = 1;

    private final CallState state;
    private final GuestFiles files;
    private final GuestClocks clocks;
    private final long fuelPerByte;

    WasiGuard(CallState state, GuestFiles files, GuestClocks clocks, long fuelPerByte) {
        this.state = state;
        this.files = files;
        this.clocks = clocks;
        this.fuelPerByte = fuelPerByte;
    }

    /** Wraps Endive's implementation of WASI function {@code name}. */
    WasmFunctionHandle wrap(String name, WasmFunctionHandle engine) {
        switch (name) {
            case "path_open":
                return (instance, args) -> pathOpen(engine, instance, args);
            case "fd_close":
                return (instance, args) ->
                        after(engine.apply(instance, args), () -> files.closed((int) args[0]));
            case "fd_renumber":
                return (instance, args) ->
                        after(
                                engine.apply(instance, args),
                                () -> files.renumbered((int) args[0], (int) args[1]));
            case "fd_write":
                return (instance, args) -> write(engine, instance, args, 3);
            case "fd_pwrite":
                return (instance, args) -> write(engine, instance, args, 4);
            case "fd_read":
                return (instance, args) -> read(engine, instance, args, 3);
            case "fd_pread":
                return (instance, args) -> read(engine, instance, args, 4);
            case "fd_allocate":
                return (instance, args) -> {
                    long end = args[1] + args[2];
                    if (args[1] < 0 || args[2] < 0 || end < 0) {
                        return errno(Errno.EINVAL);
                    }
                    chargeWalk((int) args[0]);
                    return vetted(
                            engine, instance, args, files.checkResize((int) args[0], end), name);
                };
            case "fd_filestat_set_size":
                return (instance, args) -> {
                    chargeWalk((int) args[0]);
                    return vetted(
                            engine,
                            instance,
                            args,
                            files.checkResize((int) args[0], args[1]),
                            name);
                };
            case "fd_filestat_set_times":
                return (instance, args) -> {
                    charge(WasiCosts.FILE_SYSTEM_CALL);
                    return vetted(
                            engine, instance, args, files.checkFdMutation((int) args[0]), name);
                };
            case "fd_filestat_get":
                return (instance, args) -> {
                    charge(WasiCosts.FILE_SYSTEM_CALL);
                    return engine.apply(instance, args);
                };
            case "path_filestat_get":
                return (instance, args) -> {
                    path(instance, args[2], args[3]);
                    return engine.apply(instance, args);
                };
            case "path_readlink":
                return (instance, args) -> {
                    path(instance, args[1], args[2]);
                    check(instance, args[3], Integer.toUnsignedLong((int) args[4]), name);
                    return engine.apply(instance, args);
                };
            case "path_create_directory":
                return (instance, args) -> pathMutation(engine, instance, args, 1, true, name);
            case "path_remove_directory":
            case "path_unlink_file":
                return (instance, args) -> pathMutation(engine, instance, args, 1, false, name);
            case "path_filestat_set_times":
                return (instance, args) -> pathMutation(engine, instance, args, 2, false, name);
            case "path_rename":
                return (instance, args) -> {
                    // The old name is read only to bound it; the rules apply to the new one.
                    path(instance, args[1], args[2]);
                    String target = path(instance, args[4], args[5]);
                    int verdict = files.checkTwoPaths((int) args[0], (int) args[3], target, false);
                    return vetted(engine, instance, args, verdict, name);
                };
            case "path_link":
                return (instance, args) -> {
                    // The old name is read only to bound it; the rules apply to the new one.
                    path(instance, args[2], args[3]);
                    String target = path(instance, args[5], args[6]);
                    chargeWalk((int) args[4]);
                    int verdict = files.checkTwoPaths((int) args[0], (int) args[4], target, true);
                    return vetted(engine, instance, args, verdict, name);
                };
            case "path_symlink":
                return (instance, args) -> {
                    String target = path(instance, args[0], args[1]);
                    String link = path(instance, args[3], args[4]);
                    chargeWalk((int) args[2]);
                    int verdict = files.checkSymlink(target, (int) args[2], link);
                    return vetted(engine, instance, args, verdict, name);
                };
            case "fd_readdir":
                return (instance, args) -> {
                    long length = Integer.toUnsignedLong((int) args[2]);
                    check(instance, args[1], length, name);
                    check(instance, args[4], 4, name);
                    // Endive lists the whole directory on every call, whatever the cookie.
                    charge(
                            WasiCosts.FILE_SYSTEM_CALL
                                    + WasiCosts.PER_LISTED_ENTRY * files.entriesBound((int) args[0])
                                    + fuelPerByte * length);
                    return engine.apply(instance, args);
                };
            case "random_get":
                return (instance, args) -> randomGet(engine, instance, args);
            case "clock_time_get":
                return (instance, args) -> clockTimeGet(instance, args);
            case "clock_res_get":
                return (instance, args) -> clockResGet(instance, args);
            case "poll_oneoff":
                return (instance, args) -> pollOneoff(engine, instance, args);
            default:
                return engine;
        }
    }

    private long[] pathOpen(WasmFunctionHandle engine, Instance instance, long[] args) {
        int dirFd = (int) args[0];
        String path = path(instance, args[2], args[3]);
        int oflags = (int) args[4];
        boolean create = (oflags & O_CREAT) != 0;
        boolean truncate = (oflags & O_TRUNC) != 0;
        boolean write = (args[5] & RIGHT_FD_WRITE) != 0 || (args[7] & FDFLAG_APPEND) != 0;
        check(instance, args[8], 4, "path_open");
        if (create) {
            chargeWalk(dirFd);
        }
        int verdict = files.checkOpen(dirFd, path, create, truncate, write);
        if (verdict != Errno.SUCCESS) {
            return refuse(verdict, "path_open", path);
        }
        long[] result = engine.apply(instance, args);
        if (result != null && result[0] == Errno.SUCCESS) {
            files.opened(dirFd, path, instance.memory().readInt((int) args[8]));
        }
        return result;
    }

    private long[] pathMutation(
            WasmFunctionHandle engine,
            Instance instance,
            long[] args,
            int pathArg,
            boolean creates,
            String name) {
        String path = path(instance, args[pathArg], args[pathArg + 1]);
        if (creates) {
            chargeWalk((int) args[0]);
        }
        return vetted(
                engine,
                instance,
                args,
                files.checkPathMutation((int) args[0], path, creates),
                name);
    }

    private long[] vetted(
            WasmFunctionHandle engine, Instance instance, long[] args, int verdict, String name) {
        if (verdict != Errno.SUCCESS) {
            return refuse(verdict, name, "fd " + args[0]);
        }
        return engine.apply(instance, args);
    }

    /**
     * {@code fd_write}/{@code fd_pwrite}: the iovecs are counted, charged and checked, and for a
     * file the write is shortened to what the per-call cap and the quotas allow (a short write,
     * which POSIX programs retry) or refused when nothing fits.
     */
    private long[] write(WasmFunctionHandle engine, Instance instance, long[] args, int resultArg) {
        int fd = (int) args[0];
        if (tooManyIovecs(instance, args, "fd_write")) {
            return errno(Errno.EINVAL);
        }
        chargeWalk(fd);
        long total = iovecTotal(instance, args[1], args[2], "fd_write");
        check(instance, args[resultArg], 4, "fd_write");
        long allowed =
                files.writeAllowance(fd, Math.min(total, state.limits().maxHostResultBytes()));
        if (allowed < 0) {
            return refuse((int) -allowed, "fd_write", "fd " + fd);
        }
        if (fd == 1 || fd == 2) {
            // The call's capture buffers: over their cap, the call fails before anything is copied.
            (fd == 1 ? state.stdout() : state.stderr()).ensureRoom(allowed);
        }
        long[] result = withIovecsClamped(engine, instance, args, allowed);
        if (result != null && result[0] == Errno.SUCCESS) {
            long written = Integer.toUnsignedLong(instance.memory().readInt((int) args[resultArg]));
            files.wrote(fd, written);
            charge(fuelPerByte * written);
        }
        return result;
    }

    /**
     * {@code fd_read}/{@code fd_pread}: at most {@link WasiCosts#IOV_MAX} iovecs, charged, and at
     * most the per-call cap, as a short read.
     */
    private long[] read(WasmFunctionHandle engine, Instance instance, long[] args, int resultArg) {
        if (tooManyIovecs(instance, args, "fd_read")) {
            return errno(Errno.EINVAL);
        }
        long total = iovecTotal(instance, args[1], args[2], "fd_read");
        check(instance, args[resultArg], 4, "fd_read");
        long[] result =
                withIovecsClamped(
                        engine,
                        instance,
                        args,
                        Math.min(total, state.limits().maxHostResultBytes()));
        if (result != null && result[0] == Errno.SUCCESS) {
            charge(
                    fuelPerByte
                            * Integer.toUnsignedLong(
                                    instance.memory().readInt((int) args[resultArg])));
        }
        return result;
    }

    /**
     * Whether the call passes more than {@link WasiCosts#IOV_MAX} iovecs, which fails with EINVAL
     * as on Linux, without reading any. An array outside memory traps first, like every bad
     * pointer.
     */
    private static boolean tooManyIovecs(Instance instance, long[] args, String call) {
        long count = Integer.toUnsignedLong((int) args[2]);
        check(instance, args[1], count * 8, call);
        return count > WasiCosts.IOV_MAX;
    }

    /** Charges for the iovecs, then checks them all; the sum of their lengths. */
    private long iovecTotal(Instance instance, long iovs, long count, String call) {
        check(instance, iovs, Integer.toUnsignedLong((int) count) * 8, call);
        charge(WasiCosts.PER_IOVEC * count);
        Memory memory = instance.memory();
        long total = 0;
        for (int i = 0; i < (int) count; i++) {
            int base = memory.readInt((int) iovs + i * 8);
            int length = memory.readInt((int) iovs + i * 8 + 4);
            check(instance, base, Integer.toUnsignedLong(length), call);
            total += Integer.toUnsignedLong(length);
        }
        return total;
    }

    /**
     * Runs Endive with the iovec lengths cut down to {@code limit} bytes in total, then puts the
     * guest's lengths back. Endive allocates one host buffer per iovec of the length the guest
     * wrote, so this is what bounds the host's memory per call. The guest cannot observe the
     * change: an instance runs one thread, which is inside this call.
     */
    private static long[] withIovecsClamped(
            WasmFunctionHandle engine, Instance instance, long[] args, long limit) {
        Memory memory = instance.memory();
        int iovs = (int) args[1];
        int count = (int) args[2];
        int[] original = new int[count];
        boolean clamped = false;
        long left = limit;
        for (int i = 0; i < count; i++) {
            original[i] = memory.readInt(iovs + i * 8 + 4);
            long length = Integer.toUnsignedLong(original[i]);
            if (length > left) {
                memory.writeI32(iovs + i * 8 + 4, (int) left);
                clamped = true;
            }
            left -= Math.min(length, left);
        }
        if (!clamped) {
            return engine.apply(instance, args);
        }
        try {
            return engine.apply(instance, args);
        } finally {
            for (int i = 0; i < count; i++) {
                memory.writeI32(iovs + i * 8 + 4, original[i]);
            }
        }
    }

    private long[] randomGet(WasmFunctionHandle engine, Instance instance, long[] args) {
        long length = Integer.toUnsignedLong((int) args[1]);
        check(instance, args[0], length, "random_get");
        if (length > state.limits().maxHostResultBytes()) {
            return refuse(Errno.EINVAL, "random_get", length + " bytes in one call");
        }
        charge((fuelPerByte + WasiCosts.PER_RANDOM_BYTE) * length);
        return engine.apply(instance, args);
    }

    private long[] clockTimeGet(Instance instance, long[] args) {
        int id = (int) args[0];
        check(instance, args[2], 8, "clock_time_get");
        if (!GuestClocks.offered(id)) {
            return errno(Errno.ENOTSUP);
        }
        instance.memory().writeLong((int) args[2], clocks.now(id));
        return errno(Errno.SUCCESS);
    }

    private long[] clockResGet(Instance instance, long[] args) {
        int id = (int) args[0];
        check(instance, args[1], 8, "clock_res_get");
        if (!GuestClocks.offered(id)) {
            return errno(Errno.ENOTSUP);
        }
        instance.memory().writeLong((int) args[1], clocks.resolutionNanos());
        return errno(Errno.SUCCESS);
    }

    /**
     * {@code poll_oneoff} with only clock subscriptions (how {@code sleep} is built) is served
     * here, on the guest's clocks, and never sleeps past the call's deadline: a sleep that would
     * end after it ends the call with a timeout when the deadline comes. Subscriptions on
     * descriptors go to Endive, whose polling the deadline interrupt ends.
     */
    private long[] pollOneoff(WasmFunctionHandle engine, Instance instance, long[] args) {
        int in = (int) args[0];
        int out = (int) args[1];
        long count = Integer.toUnsignedLong((int) args[2]);
        if (count == 0) {
            return errno(Errno.EINVAL);
        }
        check(instance, in, count * 48, "poll_oneoff");
        check(instance, out, count * 32, "poll_oneoff");
        check(instance, args[3], 4, "poll_oneoff");
        charge(WasiCosts.PER_SUBSCRIPTION * count);
        Memory memory = instance.memory();
        long[] timeouts = new long[(int) count];
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            int sub = in + i * 48;
            if (memory.read(sub + 8) != CLOCK_SUBSCRIPTION) {
                return engine.apply(instance, args);
            }
            int id = memory.readInt(sub + 16);
            if (!GuestClocks.offered(id)) {
                return errno(Errno.EINVAL);
            }
            long timeout = memory.readLong(sub + 24);
            if ((memory.readShort(sub + 40) & SUBSCRIPTION_ABSTIME) != 0) {
                timeout -= clocks.now(id);
            }
            timeouts[i] = Math.max(0, timeout);
            earliest = Math.min(earliest, timeouts[i]);
        }
        long remaining = state.remaining().toNanos();
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(earliest, remaining));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestFault(GuestFault.Kind.TIMEOUT, "interrupted at the deadline", e);
        }
        if (earliest > remaining) {
            state.checkDeadline();
            throw new GuestFault(
                    GuestFault.Kind.TIMEOUT, "the plugin slept past the call's deadline", null);
        }
        int events = 0;
        for (int i = 0; i < count; i++) {
            if (timeouts[i] <= earliest) {
                int event = out + events * 32;
                memory.fill((byte) 0, event, event + 32);
                memory.writeLong(event, memory.readLong(in + i * 48));
                memory.writeByte(event + 10, (byte) CLOCK_SUBSCRIPTION);
                events++;
            }
        }
        memory.writeI32((int) args[3], events);
        return errno(Errno.SUCCESS);
    }

    /**
     * Reads a path argument: bounded length, checked pointer, charged per byte before it is read
     * and per segment before anything resolves it, on top of the file-system call it is for.
     */
    private String path(Instance instance, long ptr, long len) {
        long length = Integer.toUnsignedLong((int) len);
        check(instance, ptr, length, "path");
        if (length > GuestNames.MAX_PATH_BYTES) {
            throw new GuestFault(
                    GuestFault.Kind.TRAP,
                    "WASI path of " + length + " bytes exceeds " + GuestNames.MAX_PATH_BYTES,
                    null);
        }
        charge(WasiCosts.FILE_SYSTEM_CALL + (fuelPerByte + WasiCosts.PER_PATH_BYTE) * length);
        byte[] bytes = instance.memory().readBytes((int) ptr, (int) length);
        long segments = 1;
        for (byte b : bytes) {
            if (b == '/') {
                segments++;
            }
        }
        charge(WasiCosts.PER_PATH_SEGMENT * segments);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void check(Instance instance, long ptr, long length, String call) {
        long size = (long) instance.memory().pages() * Memory.PAGE_SIZE;
        long start = Integer.toUnsignedLong((int) ptr);
        if (length < 0 || start + length > size) {
            throw new GuestFault(
                    GuestFault.Kind.TRAP,
                    "the plugin passed WASI "
                            + call
                            + " a buffer [ptr="
                            + start
                            + ", len="
                            + length
                            + "] that lies outside its "
                            + size
                            + "-byte memory",
                    null);
        }
    }

    private void charge(long fuel) {
        state.fuel().charge(fuel);
    }

    /**
     * Charges for the walk over {@code fd}'s mount that measures it before a write or a create;
     * nothing for a descriptor outside every mount.
     */
    private void chargeWalk(int fd) {
        charge(WasiCosts.PER_WALKED_ENTRY * files.walkBound(fd));
    }

    private long[] refuse(int errno, String call, String target) {
        if (state.policy().trapOnDenial()) {
            String capability = "wasi:" + call;
            throw new GuestFault(
                    GuestFault.Kind.DENIED,
                    call + " refused with " + Errno.name(errno),
                    new PolicyViolationException(
                            state.context().pluginName(),
                            state.context().functionName(),
                            capability,
                            target,
                            "WASI "
                                    + call
                                    + " on "
                                    + target
                                    + " was refused with "
                                    + Errno.name(errno)
                                    + " by the plugin's policy"));
        }
        return errno(errno);
    }

    private static long[] after(long[] result, Runnable onSuccess) {
        if (result != null && result[0] == Errno.SUCCESS) {
            onSuccess.run();
        }
        return result;
    }

    private static long[] errno(int errno) {
        return new long[] {errno};
    }
}
