/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The threads that run one plugin version's calls, with the policy's stack size: a cheaper handoff
 * than {@code ThreadPoolExecutor} + {@code Future}. A call is one {@link Task} (no {@code
 * FutureTask}, no {@code ExecutionException}); a worker that has just finished a call spins briefly
 * for the next one, and a caller spins briefly for its result, before either parks, so back-to-back
 * short calls avoid the two thread wake-ups of a park/unpark handoff. Each side spins only while
 * spinning pays off ({@link Spin}): long calls, sparse calls and a loaded machine, where the other
 * thread is not running to answer, make spins run out, and each side then parks at once for a
 * growing number of waits.
 *
 * <p>At most {@code size} workers, started on demand and stopped after 30 s idle. A task that times
 * out is cancelled: if it has not started it never runs (its {@code onSkip} action runs instead);
 * if it runs, its worker is interrupted, and the interrupt never leaks into the worker's next task.
 * Thread-safe.
 */
final class PluginThreads {
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

    /**
     * How long a worker spins for the next call, and a caller for its result, in nanoseconds:
     * {@code -Dwasmbox.handoffSpinNanos}, default 20 µs on a multi-core machine, 0 (park at once)
     * on a single core, where the thread spinning is the one the other needs.
     */
    private static final long SPIN_NANOS =
            MULTICORE ? Long.getLong("wasmbox.handoffSpinNanos", 20_000L) : 0L;

    private final String name;
    private final int size;
    private final long stackSize;
    private final LinkedTransferQueue<Task<?>> queue = new LinkedTransferQueue<>();
    private final AtomicInteger workers = new AtomicInteger();

    /**
     * Workers waiting for their next task, spinning or parked, and those whose task has finished
     * and that are on their way to wait for the next.
     */
    private final AtomicInteger idle = new AtomicInteger();

    private final AtomicInteger serial = new AtomicInteger();
    private final java.util.Set<Thread> threads =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    private final Spin callerSpin = new Spin();
    private final Spin workerSpin = new Spin();

    PluginThreads(String name, int size, long stackSize) {
        this.name = name;
        this.size = size;
        this.stackSize = stackSize;
    }

    /**
     * When one side of the handoff spins. After a spin that ran out, the next 1, 2, 4, ... up to 64
     * waits park at once; a spin that pays off resets that. Updates race benignly: a lost one costs
     * one spin more or less.
     */
    static final class Spin {
        private static final int MAX_SKIP = 64;

        private volatile int skip;
        private volatile int backoff;

        /** How long the next wait spins before parking, in nanoseconds; 0 to park at once. */
        long next() {
            int left = skip;
            if (left > 0) {
                skip = left - 1;
                return 0;
            }
            return SPIN_NANOS;
        }

        void paidOff() {
            backoff = 0;
        }

        void ranOut() {
            int next = Math.min(MAX_SKIP, Math.max(1, backoff * 2));
            backoff = next;
            skip = next;
        }
    }

    /** One call handed to a worker, and its completion. */
    static final class Task<T> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int CANCELLED = 3;
        private static final int INTERRUPTING = 4;

        private final Supplier<T> body;
        private final Runnable onSkip;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger state = new AtomicInteger(NEW);
        private volatile @Nullable Thread worker;
        private volatile boolean callerParked;
        private @Nullable T result;
        private @Nullable Throwable failure;

        Task(Supplier<T> body, Runnable onSkip) {
            this.body = body;
            this.onSkip = onSkip;
        }

        /**
         * Runs the task on worker {@code self}, which {@code available} marks as free for the next
         * task just before the result is published.
         */
        void run(Thread self, Runnable available) {
            worker = self;
            if (!state.compareAndSet(NEW, RUNNING)) {
                available.run();
                onSkip.run();
                return;
            }
            try {
                result = body.get();
            } catch (Throwable t) {
                failure = t;
            }
            // Counted idle before the caller can see the result: a caller that submits its next
            // call at once must find this worker counted, not start another.
            available.run();
            if (!state.compareAndSet(RUNNING, DONE)) {
                // The caller is interrupting this thread for a timeout: wait until it has,
                // then clear the flag so that it cannot hit the next call.
                while (state.get() == INTERRUPTING) {
                    Thread.onSpinWait();
                }
                Thread.interrupted();
            }
            if (callerParked) {
                LockSupport.unpark(caller);
            }
        }

        /** Stops the task: it never starts, or its worker is interrupted. */
        void cancel() {
            if (state.compareAndSet(NEW, CANCELLED)) {
                return;
            }
            if (state.compareAndSet(RUNNING, INTERRUPTING)) {
                Thread thread = worker;
                if (thread != null) {
                    thread.interrupt();
                }
                state.set(CANCELLED);
            }
        }

        /** The body's result; rethrows what it threw. */
        T get() {
            Throwable thrown = failure;
            if (thrown instanceof RuntimeException) {
                throw (RuntimeException) thrown;
            }
            if (thrown instanceof Error) {
                throw (Error) thrown;
            }
            if (thrown != null) {
                throw new IllegalStateException(thrown);
            }
            return result;
        }
    }

    /**
     * Hands {@code task} to a worker.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    void submit(Task<?> task) {
        if (shutdown) {
            throw new RejectedExecutionException("plugin '" + name + "' was retired");
        }
        queue.offer(task);
        // A worker spinning or parked for its next task counts as idle: starting one more while
        // enough are waiting would only add a spinning thread (back-to-back calls from one caller
        // would wake every worker of the pool in turn). Idle first: a worker that takes the task
        // between the two reads then leaves both lower, never only the second.
        int waiting = idle.get();
        if (queue.size() > waiting) {
            startWorker();
        }
    }

    /**
     * Waits until {@code task}, submitted here, completes or {@code deadline} ({@link
     * System#nanoTime()}) passes.
     *
     * @return true if it completed
     * @throws InterruptedException if the calling thread is interrupted
     */
    boolean await(Task<?> task, long deadline) throws InterruptedException {
        long spin = callerSpin.next();
        long spinUntil = System.nanoTime() + spin;
        while (task.state.get() < Task.DONE) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return false;
            }
            if (now - spinUntil < 0) {
                Thread.onSpinWait();
            } else {
                if (spin > 0 && !task.callerParked) {
                    callerSpin.ranOut();
                }
                task.callerParked = true;
                if (task.state.get() < Task.DONE) {
                    LockSupport.parkNanos(task, deadline - now);
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        if (spin > 0 && !task.callerParked) {
            callerSpin.paidOff();
        }
        return task.state.get() == Task.DONE;
    }

    private void startWorker() {
        int count;
        do {
            count = workers.get();
            if (count >= size) {
                return;
            }
        } while (!workers.compareAndSet(count, count + 1));
        Thread thread =
                new Thread(
                        null,
                        this::work,
                        "wasmbox-" + name + "-" + serial.incrementAndGet(),
                        stackSize);
        thread.setDaemon(true);
        thread.start();
    }

    private void work() {
        Thread self = Thread.currentThread();
        threads.add(self);
        idle.incrementAndGet();
        try {
            while (true) {
                Task<?> task = next();
                if (task == null) {
                    return;
                }
                task.run(self, idle::incrementAndGet);
            }
        } finally {
            threads.remove(self);
            workers.decrementAndGet();
            // A task offered while this worker was leaving must still find a worker.
            if (!queue.isEmpty() && !shutdown) {
                startWorker();
            }
        }
    }

    /** The next task, or null when this worker leaves; either way it is no longer idle. */
    private @Nullable Task<?> next() {
        try {
            Task<?> task = queue.poll();
            if (task != null) {
                return task;
            }
            long spin = workerSpin.next();
            long spinUntil = System.nanoTime() + spin;
            while (System.nanoTime() - spinUntil < 0) {
                Thread.onSpinWait();
                task = queue.poll();
                if (task != null) {
                    workerSpin.paidOff();
                    return task;
                }
            }
            if (spin > 0) {
                workerSpin.ranOut();
            }
            while (!shutdown || !queue.isEmpty()) {
                task = queue.poll(IDLE_NANOS, TimeUnit.NANOSECONDS);
                if (task != null || queue.isEmpty()) {
                    return task;
                }
            }
            return null;
        } catch (InterruptedException e) {
            // stop(): leave; a queued task is picked up by a replacement worker or skipped.
            return queue.poll();
        } finally {
            idle.decrementAndGet();
        }
    }

    /** Takes no new tasks; queued and running ones finish; idle workers leave. */
    void shutdown() {
        shutdown = true;
        for (int i = workers.get(); i > 0; i--) {
            queue.offer(new Task<>(() -> null, () -> {}));
        }
    }

    /** {@link #shutdown()}, interrupts every worker, and waits up to {@code waitNanos} for them. */
    void stop(long waitNanos) {
        shutdown();
        threads.forEach(Thread::interrupt);
        long until = System.nanoTime() + waitNanos;
        while (workers.get() > 0 && System.nanoTime() - until < 0) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    boolean isShutdown() {
        return shutdown;
    }
}
