/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.internal.engine.FuelMeter;
import io.github.wasmbox.sandbox.internal.engine.HostCallTape;
import io.github.wasmbox.sandbox.spi.ErrorCode;
import io.github.wasmbox.sandbox.spi.GuestMemory;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Everything one instance needs to know about the call it is serving: input, output, pending host
 * result, deadline and captured streams. One per instance, reset by {@link #begin} for each call.
 * Confined to the call thread, except {@link #cancel()} and {@link #stop()}, which other threads
 * use on a deadline or when the runtime closes, and the host-function marker they read.
 */
public final class CallState implements HostCall {
    private static final byte[] EMPTY = new byte[0];

    private final PluginPolicy policy;
    private final Limits limits;
    private final PayloadCodec codec;
    private final Logger logger;
    private final Consumer<PluginEvents.Denied> denials;
    private final Consumer<PluginEvents.QuotaReached> quotas;
    private final FuelMeter fuel;
    private @Nullable GuestMemory memory;

    private CallContext context;
    private byte[] input = EMPTY;
    private byte[] output = EMPTY;
    private @Nullable String error;
    private byte[] pending = EMPTY;
    private long deadlineNanos = Long.MAX_VALUE;
    private long pendingFuel;
    private volatile boolean cancelled;
    private volatile boolean stopped;
    private volatile @Nullable String hostFunction;

    /**
     * The host function running when the deadline was first reached, empty for the guest's own
     * code; null until then. Set once per call, from whichever thread notices first.
     */
    private final AtomicReference<@Nullable Optional<String>> atDeadline = new AtomicReference<>();

    private final Map<Object, Object> attachments = new HashMap<>();
    private final CappedBuffer stdout;
    private final CappedBuffer stderr;
    private boolean tapped;
    private @Nullable HostCallTape tape;

    public CallState(
            String pluginName,
            PluginPolicy policy,
            PayloadCodec codec,
            Logger logger,
            Consumer<PluginEvents.Denied> denials,
            Consumer<PluginEvents.QuotaReached> quotas,
            int stdoutCap) {
        this.policy = policy;
        this.limits = policy.limits();
        this.codec = codec;
        this.logger = logger;
        this.denials = denials;
        this.quotas = quotas;
        this.fuel = new FuelMeter();
        this.context = new CallContext(pluginName, "_initialize", 0, Map.of());
        this.stdout = new CappedBuffer("stdout", stdoutCap);
        this.stderr = new CappedBuffer("stderr", limits.maxStderrBytes());
    }

    /** Binds the instance's memory once the instance exists. */
    public void attach(GuestMemory memory) {
        this.memory = memory;
    }

    /** Starts serving a call. */
    public void begin(CallContext context, byte[] input, long deadlineNanos) {
        this.context = context;
        this.input = input;
        this.output = EMPTY;
        this.error = null;
        this.pending = EMPTY;
        this.deadlineNanos = deadlineNanos;
        this.pendingFuel = 0;
        this.cancelled = false;
        this.stopped = false;
        this.hostFunction = null;
        atDeadline.set(null);
        attachments.clear();
        stdout.reset();
        stderr.reset();
        tape = null;
    }

    /**
     * Marks this state's plugin as recorded or replayed, so that host writes into guest memory are
     * seen by the {@link #tape}. Set once, before the instance exists.
     */
    public void tapped() {
        tapped = true;
    }

    /** Whether host writes into guest memory must pass the {@link #tape}. */
    public boolean isTapped() {
        return tapped;
    }

    /** Records or replays the rest of the current call's host answers through {@code tape}. */
    public void tape(HostCallTape tape) {
        this.tape = tape;
    }

    /** The tape of the current call, null unless it is recorded or replayed. */
    public @Nullable HostCallTape tape() {
        return tape;
    }

    /** Sets the pending result to a recorded one, as replay hands it to the guest. */
    public void replayPending(byte[] bytes) {
        pending = bytes;
    }

    /**
     * Stops the call at its next host call or interrupt check, for its deadline; remembers which
     * host function, if any, was running. Safe from any thread.
     */
    public void cancel() {
        noteDeadline();
        cancelled = true;
    }

    /**
     * Remembers the host function running when the deadline was first reached, by {@link #cancel()}
     * on another thread or {@link #pastDeadline} on the call's: a later one, after that host
     * function returned, must not overwrite it.
     */
    private void noteDeadline() {
        atDeadline.compareAndSet(null, Optional.ofNullable(hostFunction));
    }

    /** Like {@link #cancel()}, because the runtime is closing rather than for the deadline. */
    public void stop() {
        stopped = true;
        cancel();
    }

    /** Whether {@link #cancel()} or {@link #stop()} was called during the current call. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Whether {@link #stop()} was called during the current call. */
    public boolean isStopped() {
        return stopped;
    }

    /**
     * Marks the host function now working for the guest ({@code module/name}), or {@code null} when
     * the guest's own code resumes. Call thread only.
     */
    public void hostFunction(@Nullable String qualifiedName) {
        hostFunction = qualifiedName;
    }

    /**
     * The host function that was running when the deadline was hit (by {@link #cancel()} or {@link
     * #checkDeadline()}), or null when the guest's own code was.
     */
    public @Nullable String hostFunctionAtDeadline() {
        Optional<String> noted = atDeadline.get();
        return noted == null ? null : noted.orElse(null);
    }

    /** The host function running now, or null while the guest's own code runs. */
    public @Nullable String hostFunction() {
        return hostFunction;
    }

    /** Throws a timeout fault when the call was cancelled or its deadline has passed. */
    public void checkDeadline() {
        if (cancelled || System.nanoTime() - deadlineNanos > 0) {
            throw pastDeadline(
                    stopped ? "the call was cancelled" : "the call ran past its deadline");
        }
    }

    /**
     * The timeout fault that ends the call, on the call's thread, because its deadline is reached:
     * names the host function running now unless a {@link #cancel()} named one first.
     */
    public GuestFault pastDeadline(String message) {
        noteDeadline();
        return new GuestFault(
                GuestFault.Kind.TIMEOUT, message, limits.timeout().toMillis(), 0, null);
    }

    public byte[] input() {
        return input;
    }

    public void output(byte[] bytes) {
        output = bytes;
    }

    public byte[] output() {
        return output;
    }

    public void errorMessage(String message) {
        error = message;
    }

    public @Nullable String errorMessage() {
        return error;
    }

    public byte[] pending() {
        return pending;
    }

    public void clearPending() {
        pending = EMPTY;
    }

    public CappedBuffer stdout() {
        return stdout;
    }

    public CappedBuffer stderr() {
        return stderr;
    }

    public FuelMeter fuel() {
        return fuel;
    }

    public Limits limits() {
        return limits;
    }

    @Override
    public CallContext context() {
        return context;
    }

    @Override
    public PluginPolicy policy() {
        return policy;
    }

    @Override
    public GuestMemory memory() {
        if (memory == null) {
            throw new IllegalStateException("the instance has no memory attached yet");
        }
        return memory;
    }

    @Override
    public PayloadCodec codec() {
        return codec;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    @Override
    public void charge(long fuel) {
        if (fuel < 0) {
            throw new IllegalArgumentException("fuel must not be negative but was " + fuel);
        }
        pendingFuel = Math.addExact(pendingFuel, fuel);
    }

    /** Returns the fuel host functions charged since the last call and resets it. */
    public long takeCharges() {
        long fuel = pendingFuel;
        pendingFuel = 0;
        return fuel;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment(Object key, Supplier<? extends T> initial) {
        return (T) attachments.computeIfAbsent(key, ignored -> initial.get());
    }

    @Override
    public int result(byte[] bytes) {
        if (bytes.length > limits.maxHostResultBytes()) {
            return error(
                    ErrorCode.TOO_LARGE,
                    "result of "
                            + bytes.length
                            + " bytes exceeds the policy's max-host-result of "
                            + limits.maxHostResultBytes()
                            + " bytes");
        }
        pending = bytes;
        return bytes.length;
    }

    @Override
    public int error(ErrorCode code, String message) {
        pending = message.getBytes(StandardCharsets.UTF_8);
        return code.code();
    }

    @Override
    public void granted(String capability, String target) {
        HostCallTape current = tape;
        if (current != null) {
            current.granted(capability, target);
        }
    }

    @Override
    public int denied(String capability, String target) {
        denials.accept(new PluginEvents.Denied(context, capability, target));
        String message =
                "policy of plugin '"
                        + context.pluginName()
                        + "' does not grant "
                        + capability
                        + " access to '"
                        + GuestText.escape(target, GuestText.MAX_NAME_CHARS)
                        + "'";
        if (policy.trapOnDenial()) {
            throw new PolicyViolationException(
                    context.pluginName(), context.functionName(), capability, target, message);
        }
        return error(ErrorCode.DENIED, message);
    }

    @Override
    public int quotaReached(String capability, String quota, String message) {
        quotas.accept(new PluginEvents.QuotaReached(context, capability, quota));
        return error(ErrorCode.TOO_LARGE, message);
    }
}
