package io.github.wasmbox.sandbox;

import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deadlines for calls that run on the caller's own thread ({@link
 * PluginRuntime.Builder#callerThreadCalls}): one daemon thread per runtime interrupts a caller
 * whose call passes its deadline (Chicory's compiled code stops at its next call or backward
 * branch) and cancels its call state (host functions stop). An interrupt this class delivers never
 * outlives the call: {@link Watch#finish()} waits for a delivery in progress and clears it.
 * Thread-safe.
 */
final class CallerDeadlines implements AutoCloseable {
    private final DelayQueue<Watch> queue = new DelayQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    CallerDeadlines() {
        thread = new Thread(this::run, "wasmbox-deadlines");
        thread.setDaemon(true);
        thread.start();
    }

    /** One call being watched. */
    static final class Watch implements Delayed {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int FIRING = 2;
        private static final int FIRED = 3;

        private final Thread caller = Thread.currentThread();
        private final long deadline;
        private final Runnable onFire;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final DelayQueue<Watch> queue;

        Watch(long deadline, Runnable onFire, DelayQueue<Watch> queue) {
            this.deadline = deadline;
            this.onFire = onFire;
            this.queue = queue;
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
            queue.remove(this);
            if (state.compareAndSet(RUNNING, DONE)) {
                return false;
            }
            while (state.get() == FIRING) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            return true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(deadline, ((Watch) other).deadline);
        }
    }

    /** Starts watching the current thread's call. */
    Watch watch(long deadlineNanos, Runnable onFire) {
        Watch watch = new Watch(deadlineNanos, onFire, queue);
        queue.add(watch);
        return watch;
    }

    private void run() {
        while (!closed) {
            try {
                queue.take().fire();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
