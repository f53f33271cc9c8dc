/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines for calls that run on the caller's own thread ({@link
 * PluginRuntime.Builder#callerThreadCalls}): one daemon thread per runtime interrupts a caller
 * whose call passes its deadline (Endive's compiled code stops at its next call or backward branch)
 * and cancels its call state (host functions stop). An interrupt this class delivers never outlives
 * the call: {@link Watch#finish()} waits for a delivery in progress and clears it. Thread-safe.
 */
final class CallerDeadlines implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean idle;
    private volatile boolean closed;

    CallerDeadlines() {
        thread = new Thread(this::run, "wasmbox-deadlines");
        thread.setDaemon(true);
        thread.start();
    }

    /** One call being watched. */
    static final class Watch {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int FIRING = 2;
        private static final int FIRED = 3;

        private final Thread caller = Thread.currentThread();
        private final long deadline;
        private final Runnable onFire;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final Set<Watch> watches;

        Watch(long deadline, Runnable onFire, Set<Watch> watches) {
            this.deadline = deadline;
            this.onFire = onFire;
            this.watches = watches;
        }

        /** Interrupts the caller now, unless the call has finished. */
        void fire() {
            if (state.compareAndSet(RUNNING, FIRING)) {
                onFire.run();
                caller.interrupt();
                state.set(FIRED);
            }
        }

        /**
         * Ends the watch on the caller's thread.
         *
         * @return true if the deadline fired (the caller's interrupt has been cleared)
         */
        boolean finish() {
            watches.remove(this);
            if (state.compareAndSet(RUNNING, DONE)) {
                return false;
            }
            while (state.get() == FIRING) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            return true;
        }
    }

    /** Starts watching the current thread's call. */
    Watch watch(long deadlineNanos, Runnable onFire) {
        Watch watch = new Watch(deadlineNanos, onFire, watches);
        watches.add(watch);
        if (idle) {
            LockSupport.unpark(thread);
        }
        return watch;
    }

    private void run() {
        while (!closed) {
            if (watches.isEmpty()) {
                idle = true;
                if (watches.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            long now = System.nanoTime();
            for (Watch watch : watches) {
                if (now - watch.deadline >= 0) {
                    watches.remove(watch);
                    watch.fire();
                }
            }
            LockSupport.parkNanos(this, TICK_NANOS);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
