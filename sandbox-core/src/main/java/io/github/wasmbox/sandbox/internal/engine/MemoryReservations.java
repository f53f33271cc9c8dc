/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One runtime's memory budget: the bytes of linear memory every live instance of every plugin holds
 * together. An engine reserves before it allocates (an instance's initial memory, a grow that needs
 * a larger array) and releases when the instance closes, so the sum never passes the limit and a
 * storm of large calls is refused at the budget instead of reaching the JVM's heap limit.
 *
 * <p>Thread-safe and lock-free.
 */
public final class MemoryReservations {
    private final long limit;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    /** A budget of {@code limit} bytes. */
    public MemoryReservations(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Reserves {@code bytes}, or changes nothing and returns false when they do not fit. */
    public boolean tryReserve(long bytes) {
        long current;
        do {
            current = reserved.get();
            if (bytes > limit - current) {
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

    public long limit() {
        return limit;
    }

    public long reserved() {
        return reserved.get();
    }

    /** How many reservations were refused since the runtime started. */
    public long refusals() {
        return refusals.get();
    }
}
