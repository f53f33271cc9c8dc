/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.GuestFault;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The WASI preview 1 functions around the files: arguments and environment, clocks per the policy,
 * randomness, {@code poll_oneoff} (which never sleeps past the call's deadline), {@code proc_exit},
 * and the socket functions, which have no sockets to work on. Confined to the instance's call
 * thread.
 */
final class ProcessCalls {
    private static final int CLOCK = 0;
    private static final int FD_READ = 1;
    private static final int SUBSCRIPTION_ABSTIME = 1;
    private static final int SUBSCRIPTION_BYTES = 48;
    private static final int EVENT_BYTES = 32;

    private final WasiContext context;
    private final byte[][] args;
    private final byte[][] environment;
    private final Random random;

    ProcessCalls(WasiContext context, List<String> args, List<String> environment, Random random) {
        this.context = context;
        this.args = strings(args);
        this.environment = strings(environment);
        this.random = random;
    }

    private static byte[][] strings(List<String> values) {
        byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            byte[] value = values.get(i).getBytes(StandardCharsets.UTF_8);
            bytes[i] = Arrays.copyOf(value, value.length + 1);
        }
        return bytes;
    }

    /** {@code args_sizes_get} and {@code environ_sizes_get}. */
    int sizes(WasiMemory memory, boolean env, long countPtr, long sizePtr) {
        byte[][] values = env ? environment : args;
        int size = 0;
        for (byte[] value : values) {
            size += value.length;
        }
        memory.check(countPtr, 4);
        memory.check(sizePtr, 4);
        memory.putI32(countPtr, values.length);
        memory.putI32(sizePtr, size);
        return Errno.SUCCESS;
    }

    /** {@code args_get} and {@code environ_get}: the pointers, then the NUL-terminated strings. */
    int strings(WasiMemory memory, boolean env, long pointers, long buffer) {
        byte[][] values = env ? environment : args;
        int size = 0;
        for (byte[] value : values) {
            size += value.length;
        }
        memory.check(pointers, 4L * values.length);
        memory.check(buffer, size);
        // A caller's variables reach 64 KiB (CallerEnvironment): the copy is paid per byte.
        context.charge(context.fuelPerByte * size);
        ByteBuffer table = WasiMemory.buffer(4 * values.length);
        ByteBuffer data = WasiMemory.buffer(size);
        for (byte[] value : values) {
            table.putInt((int) buffer + data.position());
            data.put(value);
        }
        memory.put(pointers, table);
        memory.put(buffer, data);
        return Errno.SUCCESS;
    }

    int clockResGet(WasiMemory memory, long id, long ptr) {
        memory.check(ptr, 8);
        if (!GuestClocks.offered((int) id)) {
            return Errno.ENOTSUP;
        }
        memory.putI64(ptr, context.clocks.resolutionNanos());
        return Errno.SUCCESS;
    }

    int clockTimeGet(WasiMemory memory, long id, long ptr) {
        memory.check(ptr, 8);
        if (!GuestClocks.offered((int) id)) {
            return Errno.ENOTSUP;
        }
        memory.putI64(ptr, context.clocks.now((int) id));
        return Errno.SUCCESS;
    }

    /** {@code random_get}: at most the per-call cap in one call, charged per byte. */
    int randomGet(WasiMemory memory, long ptr, long len) {
        long length = Integer.toUnsignedLong((int) len);
        memory.check(ptr, length);
        if (length > context.state.limits().maxHostResultBytes()) {
            return context.refuse(Errno.EINVAL, "random_get", length + " bytes in one call");
        }
        context.charge((context.fuelPerByte + WasiCosts.PER_RANDOM_BYTE) * length);
        byte[] bytes = new byte[(int) length];
        random.nextBytes(bytes);
        memory.put(ptr, bytes);
        return Errno.SUCCESS;
    }

    /**
     * {@code poll_oneoff}. Descriptor subscriptions are ready at once (every descriptor here is in
     * memory and never blocks; a read reports the bytes left to read where that is known); with
     * none, the call sleeps until the earliest clock subscription, on the guest's clocks, and never
     * past the call's deadline: a sleep that would end after it ends the call with a timeout when
     * the deadline comes.
     */
    int pollOneoff(WasiMemory memory, FileCalls files, long in, long out, long n, long countPtr) {
        long count = Integer.toUnsignedLong((int) n);
        if (count == 0) {
            return Errno.EINVAL;
        }
        memory.check(in, count * SUBSCRIPTION_BYTES);
        memory.check(out, count * EVENT_BYTES);
        memory.check(countPtr, 4);
        context.charge(WasiCosts.PER_SUBSCRIPTION * count);
        ByteBuffer subscriptions = memory.view(in, (int) count * SUBSCRIPTION_BYTES);
        ByteBuffer events = WasiMemory.buffer((int) count * EVENT_BYTES);
        long[] timeouts = new long[(int) count];
        long earliest = Long.MAX_VALUE;
        int ready = 0;
        for (int i = 0; i < count; i++) {
            int sub = i * SUBSCRIPTION_BYTES;
            int tag = subscriptions.get(sub + 8);
            if (tag == CLOCK) {
                int id = subscriptions.getInt(sub + 16);
                if (!GuestClocks.offered(id)) {
                    return Errno.EINVAL;
                }
                long timeout = subscriptions.getLong(sub + 24);
                if ((subscriptions.getShort(sub + 40) & SUBSCRIPTION_ABSTIME) != 0) {
                    timeout -= context.clocks.now(id);
                }
                timeouts[i] = Math.max(0, timeout);
                earliest = Math.min(earliest, timeouts[i]);
                continue;
            }
            timeouts[i] = -1;
            int event = ready++ * EVENT_BYTES;
            events.putLong(event, subscriptions.getLong(sub));
            events.put(event + 10, (byte) tag);
            if (tag > 2) {
                return Errno.EINVAL;
            }
            long fd = Integer.toUnsignedLong(subscriptions.getInt(sub + 16));
            long available = files.pollReady(fd, tag == FD_READ);
            if (available < 0) {
                events.putShort(event + 8, (short) -available);
            } else {
                events.putLong(event + 16, available);
            }
        }
        if (ready == 0) {
            sleep(earliest);
            for (int i = 0; i < count; i++) {
                if (timeouts[i] >= 0 && timeouts[i] <= earliest) {
                    int event = ready++ * EVENT_BYTES;
                    events.putLong(event, subscriptions.getLong(i * SUBSCRIPTION_BYTES));
                    events.put(event + 10, (byte) CLOCK);
                }
            }
        }
        byte[] written = Arrays.copyOf(events.array(), ready * EVENT_BYTES);
        memory.put(out, written);
        memory.putI32(countPtr, ready);
        return Errno.SUCCESS;
    }

    private void sleep(long nanos) {
        long remaining = context.state.remaining().toNanos();
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, remaining));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestFault(GuestFault.Kind.TIMEOUT, "interrupted at the deadline", e);
        }
        if (nanos > remaining) {
            // The deadline, even if the sleep ended a little before it (sleeps round to the
            // millisecond) and no watchdog has cancelled the call yet.
            throw context.state.pastDeadline("the plugin slept past the call's deadline");
        }
    }

    /** {@code proc_exit}: ends the call with the guest's exit code. */
    static GuestFault exit(long code) {
        int exitCode = (int) code;
        return new GuestFault(GuestFault.Kind.EXIT, "exit code " + exitCode, 0, exitCode, null);
    }
}
