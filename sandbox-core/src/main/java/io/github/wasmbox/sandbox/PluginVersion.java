/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.internal.CallFailures;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.engine.CompiledModule;
import io.github.wasmbox.sandbox.internal.engine.GuestInstance;
import io.github.wasmbox.sandbox.internal.engine.HostCallTape;
import io.github.wasmbox.sandbox.internal.engine.PristineImage;
import io.github.wasmbox.sandbox.internal.wasi.CallerEnvironment;
import io.github.wasmbox.sandbox.record.LinkedFunction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a plugin: its compiled module, its instance pool and the threads that run
 * its calls. Calls run on threads this version owns, created with the policy's stack size, so a
 * guest's deep recursion overflows a sandbox thread, never the caller's.
 *
 * <p>Up to {@code poolSize} instances are kept between calls. A {@code STATEFUL} instance is kept
 * as its last call left it; a {@code PRISTINE} one is first reset to the post-instantiation image
 * ({@link PristineImage}), or closed when it cannot be, so every call sees a fresh instance either
 * way. Command modules are never kept. An instance whose call trapped, timed out, exhausted a
 * quota, exited or was cancelled is closed. Thread-safe.
 */
final class PluginVersion {
    /** The cap on a guest's error message, or the tail of its stderr, in an exception. */
    private static final int MESSAGE_CHARS = 2_000;

    /** The cap on the stdout or stderr bytes of one call that are logged. */
    static final int LOGGED_BYTES = 4_096;

    private static final String CLOSED = "the runtime was closed while it ran";

    /** The version whose call the current thread is running, for the re-entry check. */
    private static final ThreadLocal<PluginVersion> SERVING = new ThreadLocal<>();

    private final String name;
    private final String location;
    private final String sha256;
    private final PluginPolicy policy;
    private final AuditReport audit;
    private final Limits limits;
    private final CompiledModule module;
    private final InstanceSpec spec;
    private final PayloadCodec codec;
    private final Listeners listeners;
    private final Logger logger;
    private final PluginThreads threads;
    private final @Nullable CallerDeadlines deadlines;
    private final Set<CallerDeadlines.Watch> callerCalls = ConcurrentHashMap.newKeySet();
    private final Semaphore leases;
    private final Quarantine quarantine;

    /** The calls holding leases ({@link PluginPool#inUse()}): a quarantined call holds them all. */
    private final AtomicInteger leaseHolders = new AtomicInteger();

    private final @Nullable BlockingQueue<GuestInstance> idle;
    private final @Nullable PristineImage pristine;
    private final Set<CallState> running = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong callIds;
    private final @Nullable CallTaps taps;
    private volatile boolean stopped;

    PluginVersion(
            String name,
            String location,
            String sha256,
            PluginPolicy policy,
            AuditReport audit,
            CompiledModule module,
            InstanceSpec spec,
            PayloadCodec codec,
            Listeners listeners,
            java.util.concurrent.atomic.AtomicLong callIds,
            @Nullable CallerDeadlines deadlines,
            @Nullable CallTaps taps) {
        this.deadlines = deadlines;
        this.name = name;
        this.location = location;
        this.taps = taps;
        this.sha256 = sha256;
        this.policy = policy;
        this.audit = audit;
        this.limits = policy.limits();
        this.module = module;
        this.spec = spec;
        this.codec = JsonPayloadCodec.forLimits(codec, limits);
        this.listeners = listeners;
        this.callIds = callIds;
        this.logger = LoggerFactory.getLogger("wasmbox.plugin." + name);
        int poolSize = limits.poolSize();
        this.threads = new PluginThreads(name, poolSize, limits.stackSizeBytes());
        this.leases = new Semaphore(poolSize, true);
        this.quarantine = new Quarantine(name, limits);
        boolean pooled = !module.isCommand();
        this.idle = pooled ? new ArrayBlockingQueue<>(poolSize) : null;
        this.pristine =
                pooled && limits.stateMode() == StateMode.PRISTINE ? new PristineImage(name) : null;
    }

    String name() {
        return name;
    }

    String sha256() {
        return sha256;
    }

    /** The capability functions the module is linked with. */
    List<LinkedFunction> linkedFunctions() {
        return spec.capabilities().values().stream()
                .map(d -> new LinkedFunction(d.qualifiedName(), d.params(), d.results()))
                .sorted(java.util.Comparator.comparing(LinkedFunction::function))
                .toList();
    }

    /** Where the module was loaded from, as its source describes it. */
    String location() {
        return location;
    }

    PluginPolicy policy() {
        return policy;
    }

    AuditReport audit() {
        return audit;
    }

    Set<String> functions() {
        return module.functions();
    }

    PayloadCodec codec() {
        return codec;
    }

    /** This version's pool now; {@code acquireTimeouts} is counted by the handle. */
    PluginPool pool(long acquireTimeouts) {
        int size = limits.poolSize();
        return new PluginPool(
                size,
                leaseHolders.get(),
                leases.getQueueLength(),
                acquireTimeouts,
                quarantine.active());
    }

    /**
     * Runs one call.
     *
     * @throws RejectedExecutionException if this version was retired before the call started
     */
    CallResult invoke(String function, byte[] input, Map<String, String> attributes) {
        if (!module.functions().contains(function)) {
            throw new IllegalArgumentException(
                    "plugin '"
                            + name
                            + "' has no function '"
                            + function
                            + "'; it exports "
                            + module.functions());
        }
        CallerEnvironment.check(attributes, module.isCommand(), policy);
        CallContext context =
                new CallContext(name, function, callIds.incrementAndGet(), attributes);
        long start = System.nanoTime();
        Stats stats = new Stats();
        try {
            CallResult result = run(context, input, start, stats);
            quarantine.ended(PluginEvents.Outcome.SUCCESS);
            listeners.call(
                    new PluginEvents.Call(
                            context,
                            PluginEvents.Outcome.SUCCESS,
                            result.duration(),
                            Duration.ofNanos(stats.instanceWait),
                            result.fuelConsumed(),
                            result.peakMemoryBytes(),
                            Optional.empty()));
            return result;
        } catch (PluginException e) {
            PluginEvents.Outcome outcome = CallFailures.outcome(e);
            quarantine.ended(outcome);
            listeners.call(
                    new PluginEvents.Call(
                            context,
                            outcome,
                            Duration.ofNanos(System.nanoTime() - start),
                            Duration.ofNanos(stats.instanceWait),
                            stats.fuel,
                            stats.memory,
                            Optional.of(e)));
            throw e;
        }
    }

    /** What a call consumed, published by the plugin thread for the failure event. */
    private static final class Stats {
        volatile long instanceWait;
        volatile long fuel;
        volatile long memory;
    }

    private CallResult run(CallContext context, byte[] input, long start, Stats stats) {
        String function = context.functionName();
        if (input.length > limits.maxInputBytes()) {
            throw new ResourceExhaustedException(
                    name,
                    function,
                    ResourceExhaustedException.Resource.INPUT,
                    limits.maxInputBytes(),
                    input.length,
                    "the input of "
                            + input.length
                            + " bytes to plugin '"
                            + name
                            + "' function '"
                            + function
                            + "' is over the policy's limit of "
                            + limits.maxInputBytes()
                            + " bytes; the call did not start. Send less, or raise"
                            + " limits.max-input if the plugin is meant to take inputs this large.",
                    null);
        }
        long queued = System.nanoTime();
        // A host function calling its own plugin back asks for one lease without waiting (its own
        // call holds at least one, and every one in quarantine).
        boolean reentrant = SERVING.get() == this;
        int permits = reentrant ? 1 : quarantine.leases();
        try {
            if (reentrant) {
                acquireReentrantLease(function);
            } else {
                acquireLease(function, permits);
            }
            leaseHolders.incrementAndGet();
        } finally {
            stats.instanceWait = System.nanoTime() - queued;
        }
        AtomicReference<CallState> active = new AtomicReference<>();
        // The deadline is the plugin's own time, so it starts once the call has its instance: a
        // call that queued for the pool is bounded by acquireTimeout and reported as busy, never
        // as the plugin's timeout.
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        if (deadlines != null) {
            return runOnCaller(deadlines, context, input, start, deadline, active, stats, permits);
        }
        // The lease is released by serve() once the guest has stopped, or by the skip action
        // when the call is cancelled before it starts.
        PluginThreads.Task<CallResult> task =
                new PluginThreads.Task<>(
                        () -> serve(context, input, start, deadline, active, stats, permits),
                        () -> release(permits));
        try {
            threads.submit(task);
        } catch (RejectedExecutionException e) {
            release(permits);
            throw e;
        }
        boolean done;
        try {
            done = threads.await(task, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(active, task);
            throw CallFailures.cancelled(
                    name, function, "the calling thread was interrupted while waiting for it", e);
        }
        if (!done) {
            CallState state = cancel(active, task);
            if (state != null && state.isStopped()) {
                throw CallFailures.cancelled(name, function, CLOSED, null);
            }
            throw CallFailures.timeout(
                    name,
                    function,
                    limits,
                    state == null ? null : state.hostFunctionAtDeadline(),
                    null);
        }
        try {
            return task.get();
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new HostFunctionException(
                    name, function, "plugin '" + name + "' call failed in the runtime: " + e, e);
        }
    }

    /** {@code callerThreadCalls}: serves the call right here, under the watchdog. */
    private CallResult runOnCaller(
            CallerDeadlines deadlines,
            CallContext context,
            byte[] input,
            long start,
            long deadline,
            AtomicReference<CallState> active,
            Stats stats,
            int permits) {
        if (threads.isShutdown()) {
            release(permits);
            throw new RejectedExecutionException("plugin '" + name + "' was retired");
        }
        if (Thread.currentThread().isInterrupted()) {
            release(permits);
            throw CallFailures.cancelled(
                    name,
                    context.functionName(),
                    "the calling thread was interrupted before the call started",
                    null);
        }
        CallerDeadlines.Watch watch =
                deadlines.watch(
                        deadline,
                        () -> {
                            CallState state = active.get();
                            if (state != null) {
                                state.cancel();
                            }
                        });
        callerCalls.add(watch);
        try {
            return serve(context, input, start, deadline, active, stats, permits);
        } finally {
            callerCalls.remove(watch);
            watch.finish();
        }
    }

    /** Cancels the call for its deadline; returns its state, null if it had not started. */
    private static @Nullable CallState cancel(
            AtomicReference<CallState> active, PluginThreads.Task<?> task) {
        CallState state = active.get();
        if (state != null) {
            state.cancel();
        }
        task.cancel();
        return state;
    }

    /**
     * A host function called back into the plugin whose call it serves. Waiting for an instance
     * would wait on the pool the calling call itself holds: with every instance busy that is a
     * deadlock until {@code acquireTimeout}, so the call fails at once instead.
     */
    private void acquireReentrantLease(String function) {
        if (!leases.tryAcquire()) {
            throw new PluginBusyException(
                    name,
                    function,
                    "a host function called plugin '"
                            + name
                            + "' back while serving one of its calls, and every instance of the"
                            + " pool (size "
                            + limits.poolSize()
                            + ") is busy, one of them with the call waiting for this one. The call"
                            + " failed at once instead of waiting on itself. Do not call a plugin"
                            + " from its own host functions, or raise limits.pool-size.",
                    null);
        }
    }

    private void acquireLease(String function, int permits) {
        Duration wait = limits.acquireTimeout();
        boolean acquired;
        try {
            acquired = leases.tryAcquire(permits, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new PluginBusyException(
                    name,
                    function,
                    // This call waited for the whole pool: the quarantine's advice. (A pool of one
                    // runs one call at a time anyway: its advice is the pool's.)
                    permits > 1
                            ? "plugin '"
                                    + name
                                    + "' is quarantined: the sandbox stopped its last "
                                    + limits.quarantineAfter()
                                    + " calls, so its calls run one at a time, and none became"
                                    + " free within "
                                    + wait.toMillis()
                                    + " ms. It runs concurrently again once a call succeeds;"
                                    + " see why its calls fail, or change limits.quarantine-after."
                            : "no instance of plugin '"
                                    + name
                                    + "' became free within "
                                    + wait.toMillis()
                                    + " ms (pool size "
                                    + limits.poolSize()
                                    + "). Raise limits.pool-size or limits.acquire-timeout, or call"
                                    + " less concurrently.",
                    null);
        }
    }

    /**
     * Runs the call on the thread that owns the instance for it; holds the lease until the guest
     * has really stopped and its instance is back in the pool or closed ({@link #recycle}).
     */
    private CallResult serve(
            CallContext context,
            byte[] input,
            long start,
            long deadline,
            AtomicReference<CallState> active,
            Stats stats,
            int permits) {
        String function = context.functionName();
        PluginVersion outer = SERVING.get();
        SERVING.set(this);
        GuestInstance instance = idle == null ? null : idle.poll();
        CallState state = instance == null ? newState() : instance.state();
        state.begin(context, input, deadline);
        active.set(state);
        running.add(state);
        if (stopped) {
            // stop() may have looked at the running calls before this one joined them.
            state.stop();
        }
        boolean reusable = false;
        HostCallTape tape = null;
        try {
            state.checkDeadline();
            if (instance == null) {
                state.fuel().set(limits.instantiationFuel());
                instance = module.instantiate(spec, state);
                if (pristine != null) {
                    pristine.capture(instance);
                }
            }
            state.fuel().set(limits.fuel());
            if (taps != null) {
                // After instantiation: a pooled instance is not instantiated for every call, so
                // only the call's own host answers belong to it.
                tape = taps.start(state);
                if (tape != null) {
                    state.tape(tape);
                }
            }
            int code;
            boolean exited;
            try {
                code = instance.call(function);
                exited = false;
            } catch (GuestFault fault) {
                if (fault.kind() != GuestFault.Kind.EXIT) {
                    throw fault;
                }
                code = (int) fault.attempted();
                exited = true;
            }
            long fuelUsed = state.fuel().used();
            long memory = instance.memoryBytes();
            stats.fuel = fuelUsed;
            stats.memory = memory;
            logStreams(state);
            // After an exit the guest's own state (its stack pointer, its allocator) is wherever
            // the exit left it: the instance is not reused.
            if (code != 0) {
                reusable = !exited;
                PluginFailedException failed =
                        new PluginFailedException(
                                name,
                                function,
                                exited
                                        ? PluginFailedException.Reason.EXITED
                                        : PluginFailedException.Reason.RETURNED,
                                code,
                                guestMessage(state, exited));
                tapped(tape, context, input, failed, new byte[0], fuelUsed, memory, start);
                throw failed;
            }
            byte[] output = module.isCommand() ? state.stdout().toByteArray() : state.output();
            CallResult result =
                    new CallResult(
                            output,
                            Duration.ofNanos(System.nanoTime() - start),
                            fuelUsed,
                            memory,
                            module.isCommand() ? new byte[0] : state.stdout().toByteArray(),
                            state.stderr().toByteArray());
            reusable = !exited;
            tapped(tape, context, input, null, output, fuelUsed, memory, start);
            return result;
        } catch (GuestFault fault) {
            if (instance != null) {
                stats.memory = instance.memoryBytes();
                logStreams(state);
            }
            // The meter's budget: the instantiation's when the fault happened while instantiating.
            long budget = state.fuel().budget();
            stats.fuel = state.fuel().used();
            PluginException failure;
            if (state.isStopped()) {
                // Whatever stopped the guest, the runtime's closing made it stop.
                failure = CallFailures.cancelled(name, function, CLOSED, fault);
            } else if (fault.kind() == GuestFault.Kind.TIMEOUT
                    || (state.isCancelled() && fault.kind() == GuestFault.Kind.HOST_ERROR)) {
                // A host function that failed after the deadline cancelled the call failed
                // because of it.
                failure =
                        CallFailures.timeout(
                                name, function, limits, state.hostFunctionAtDeadline(), fault);
            } else {
                failure = CallFailures.toException(fault, name, function, limits, budget);
            }
            String reported = state.errorMessage();
            if (failure instanceof PluginTrapException && reported != null) {
                // A panicking Rust plugin reports its panic message before it traps.
                failure =
                        new PluginTrapException(
                                name,
                                function,
                                failure.getMessage()
                                        + " The plugin reported: "
                                        + GuestText.escape(reported, MESSAGE_CHARS),
                                fault);
            }
            tapped(tape, context, input, failure, new byte[0], stats.fuel, stats.memory, start);
            throw failure;
        } finally {
            SERVING.set(outer);
            running.remove(state);
            recycle(instance, reusable && !state.isCancelled(), permits);
        }
    }

    /** Hands a tapped call's ending to its {@link CallTaps}; {@code failure} null on success. */
    private void tapped(
            @Nullable HostCallTape tape,
            CallContext context,
            byte[] input,
            @Nullable PluginException failure,
            byte[] output,
            long fuel,
            long memory,
            long start) {
        if (tape == null || taps == null) {
            return;
        }
        taps.finish(
                tape,
                new CallTaps.Ending(
                        this,
                        context,
                        input,
                        failure == null
                                ? PluginEvents.Outcome.SUCCESS
                                : CallFailures.outcome(failure),
                        failure == null ? null : failure.getMessage(),
                        output,
                        fuel,
                        memory,
                        System.nanoTime() - start));
    }

    /** Gives back the leases a call took. */
    private void release(int permits) {
        leaseHolders.decrementAndGet();
        leases.release(permits);
    }

    /** Returns a used instance to the pool, reset when PRISTINE, or closes it; frees its lease. */
    private void recycle(@Nullable GuestInstance used, boolean reusable, int permits) {
        try {
            if (used != null) {
                if (reusable
                        && idle != null
                        && !threads.isShutdown()
                        && (pristine == null || pristine.reset(used))
                        && idle.offer(used)) {
                    if (threads.isShutdown()) {
                        drainIdle(); // retire() may have drained the pool just before the offer
                    }
                    return;
                }
                used.close();
            }
        } finally {
            release(permits);
        }
    }

    /**
     * What the guest reported with a non-zero code: its {@code error_write} message, or for an exit
     * without one the tail of its stderr; empty when neither. Escaped and capped.
     */
    private static String guestMessage(CallState state, boolean exited) {
        String reported = state.errorMessage();
        if (reported != null) {
            return GuestText.escape(reported, MESSAGE_CHARS);
        }
        if (!exited) {
            return "";
        }
        return GuestText.tail(state.stderr().toByteArray(), MESSAGE_CHARS);
    }

    private CallState newState() {
        CallState state =
                new CallState(
                        name,
                        policy,
                        codec,
                        logger,
                        listeners::denied,
                        listeners::quotaReached,
                        module.isCommand() ? limits.maxOutputBytes() : limits.maxStdoutBytes());
        if (taps != null) {
            state.tapped();
        }
        return state;
    }

    /**
     * Guest stdout/stderr go to the plugin's logger, escaped so they cannot forge lines and capped
     * before escaping, so that the work after the guest returns is bounded by the cap.
     */
    private void logStreams(CallState state) {
        if (!module.isCommand()) {
            log("stdout", state.stdout().toByteArray());
        }
        log("stderr", state.stderr().toByteArray());
    }

    private void log(String stream, byte[] bytes) {
        if (bytes.length > 0 && logger.isInfoEnabled()) {
            logger.info("{}: {}", stream, GuestText.escape(bytes, LOGGED_BYTES));
        }
    }

    /** Stops taking calls; calls already running finish. */
    void retire() {
        threads.shutdown();
        drainIdle();
    }

    /** Stops taking calls and stops the running ones, which end as cancelled. */
    void stop() {
        stopped = true;
        running.forEach(CallState::stop);
        callerCalls.forEach(CallerDeadlines.Watch::fire);
        threads.stop(TimeUnit.SECONDS.toNanos(1));
        drainIdle();
    }

    private void drainIdle() {
        if (idle != null) {
            GuestInstance instance;
            while ((instance = idle.poll()) != null) {
                instance.close();
            }
        }
    }
}
