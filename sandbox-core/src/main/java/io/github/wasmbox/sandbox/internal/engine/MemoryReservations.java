/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One runtime's memory budget: the bytes of linear memory every live instance of every plugin holds
 * together. An engine reserves before it allocates (an instance's initial memory, a grow that needs
 * a larger array) and releases when the instance closes, so the sum never passes the limit and a
 * storm of large calls is refused at the budget instead of reaching the JVM's heap limit.
 *
 * <p>The large arrays of closed instances are kept as <em>spares</em> ({@link #recycle}): zeroed,
 * still counted against the limit, and handed to the next memory that fits ({@link #takeSpare}), so
 * that a storm of calls that each end by closing their instance (a trap, a quota stop) does not
 * allocate and drop a G1 humongous array per call. Spares never cost anyone a reservation: one that
 * does not fit first drops spares. They hold at most half the limit; {@link #reserved()} excludes
 * them.
 *
 * <p>Thread-safe: reservations are lock-free; the spares are guarded by their own lock, taken only
 * when an instance closes, a memory is created, or a reservation meets the limit.
 */
public final class MemoryReservations {
    /**
     * The smallest array kept as a spare: G1 allocates arrays of half a region or more (a region is
     * 1 MiB to 32 MiB) as humongous objects, which is the churn spares avoid; smaller ones are
     * cheap.
     */
    static final int SMALLEST_SPARE = 1 << 20;

    private final long limit;
    private final long spareLimit;
    private final AtomicLong reserved = new AtomicLong(); // live and spare
    private final AtomicLong refusals = new AtomicLong();
    private final ArrayDeque<byte[]> spares = new ArrayDeque<>(); // guarded by itself
    private long spareBytes; // guarded by spares

    /** A budget of {@code limit} bytes. */
    public MemoryReservations(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + limit);
        }
        this.limit = limit;
        this.spareLimit = limit / 2;
    }

    /**
     * Reserves {@code bytes}, dropping spares if that makes them fit, or changes nothing and
     * returns false when they do not fit.
     */
    public boolean tryReserve(long bytes) {
        long current;
        do {
            current = reserved.get();
            if (bytes > limit - current) {
                if (dropSpare()) {
                    continue;
                }
                refusals.incrementAndGet();
                return false;
            }
        } while (!reserved.compareAndSet(current, current + bytes));
        return true;
    }

    /** Gives back {@code bytes} an earlier reservation took. */
    public void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    /**
     * Gives back the reserved array of a closed memory: kept as a spare when it is large and there
     * is room, else released. Zeroes the first {@code usedBytes}, the only ones that may be
     * non-zero, on the calling thread (the closing call's own cost), so a spare is all zero.
     */
    public void recycle(byte[] array, int usedBytes) {
        // Zeroing costs megabytes of writes: only for an array that will be kept. The check is
        // repeated under the lock, as another spare may have taken the room meanwhile.
        if (array.length >= SMALLEST_SPARE && hasRoomFor(array.length)) {
            Arrays.fill(array, 0, usedBytes, (byte) 0);
            synchronized (spares) {
                if (spareBytes + array.length <= spareLimit) {
                    spares.push(array);
                    spareBytes += array.length;
                    return;
                }
            }
        }
        release(array.length);
    }

    private boolean hasRoomFor(int bytes) {
        synchronized (spares) {
            return spareBytes + bytes <= spareLimit;
        }
    }

    /**
     * An all-zero spare of {@code minBytes} to {@code maxBytes} bytes, whose reservation becomes
     * the caller's (give it back with {@link #recycle} or {@link #release}), or null when none
     * fits.
     */
    public byte @Nullable [] takeSpare(int minBytes, int maxBytes) {
        synchronized (spares) {
            for (Iterator<byte[]> it = spares.iterator(); it.hasNext(); ) {
                byte[] spare = it.next();
                if (spare.length >= minBytes && spare.length <= maxBytes) {
                    it.remove();
                    spareBytes -= spare.length;
                    return spare;
                }
            }
        }
        return null;
    }

    /** Releases the oldest spare; false when there is none. */
    private boolean dropSpare() {
        byte[] dropped;
        synchronized (spares) {
            dropped = spares.pollLast();
            if (dropped == null) {
                return false;
            }
            spareBytes -= dropped.length;
            // Under the lock, so that reserved() never sees the spare in neither count.
            release(dropped.length);
        }
        return true;
    }

    public long limit() {
        return limit;
    }

    /** The bytes live instances hold: reservations, not counting spares. */
    public long reserved() {
        synchronized (spares) {
            return reserved.get() - spareBytes;
        }
    }

    /** The bytes of the spares, which the next memories take and a reservation drops first. */
    public long spareBytes() {
        synchronized (spares) {
            return spareBytes;
        }
    }

    /** How many reservations were refused since the runtime started. */
    public long refusals() {
        return refusals.get();
    }
}
