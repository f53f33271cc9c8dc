/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.log;

import io.github.wasmbox.host.CapabilityException;
import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * {@code wasmbox:log}: lets a plugin write to its SLF4J logger, {@code wasmbox.plugin.<name>}, with
 * the MDC keys {@code plugin}, {@code function} and {@code callId} set for the message.
 *
 * <p>Guarantees: control characters (including CR and LF) are escaped, so a plugin cannot forge log
 * lines; one call writes at most the policy's {@code max-log} of message text (a message past that
 * is truncated and marked) and at most {@link Builder#maxMessagesPerCall} messages (later ones are
 * dropped and {@code TOO_LARGE} is returned; the first refusal of a call raises {@link
 * io.github.wasmbox.sandbox.PluginEvents.QuotaReached}). Invalid UTF-8 is logged with replacement
 * characters rather than refused: a log line is for humans.
 *
 * <p>Thread-safe.
 */
@HostModule("wasmbox:log")
public final class LogCapability {
    static final String TRUNCATED = "…[truncated]";
    static final String PLUGIN = "plugin";
    static final String FUNCTION = "function";
    static final String CALL_ID = "callId";
    static final String MAX_LOG = "max-log";
    static final String MAX_MESSAGES_PER_CALL = "maxMessagesPerCall";

    private final int maxMessagesPerCall;

    /**
     * Per-call usage. Synchronized because a call's host functions may run on different threads one
     * after the other, and nothing else orders the writes.
     */
    private static final class Budget {
        private int messages;
        private long bytes;
        private boolean refused;

        /** Admits a message: returns how many of its bytes to keep, or -1 when it is spent. */
        synchronized int admit(int length, int maxMessages, long maxBytes) {
            long left = maxBytes - bytes;
            if (messages >= maxMessages || left <= 0) {
                return -1;
            }
            messages++;
            int kept = (int) Math.min(length, left);
            bytes += kept;
            return kept;
        }

        /**
         * Records a refusal: returns the quota it reached ({@code maxMessagesPerCall} or {@code
         * max-log}) for the call's first refusal, which alone raises the event, else null.
         */
        synchronized @Nullable String firstRefusal(int maxMessages) {
            if (refused) {
                return null;
            }
            refused = true;
            return messages >= maxMessages ? MAX_MESSAGES_PER_CALL : MAX_LOG;
        }
    }

    /** A log capability with the defaults. */
    public LogCapability() {
        this(builder());
    }

    private LogCapability(Builder builder) {
        this.maxMessagesPerCall = builder.maxMessagesPerCall;
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code write(level: i32, ptr: i32, len: i32) -> i32}: logs a message at level 0 trace, 1
     * debug, 2 info, 3 warn or 4 error.
     *
     * @throws CapabilityException {@code INVALID_ARGUMENT} for another level; {@code TOO_LARGE}
     *     past the per-call message count or once the byte budget is spent
     */
    @HostFunction
    public void write(HostCall call, int level, byte[] message) {
        if (level < 0 || level > 4) {
            throw CapabilityException.invalidArgument(
                    "log level must be 0 (trace) to 4 (error) but was " + level);
        }
        CallContext context = call.context();
        int maxBytes = call.policy().limits().maxLogBytes();
        Budget budget = call.attachment(this, Budget::new);
        int kept = budget.admit(message.length, maxMessagesPerCall, maxBytes);
        if (kept < 0) {
            String spent =
                    "log budget of this call is spent: "
                            + maxMessagesPerCall
                            + " messages (maxMessagesPerCall), "
                            + maxBytes
                            + " bytes (max-log)";
            // One event per call: a plugin looping on a spent budget must not flood listeners.
            String quota = budget.firstRefusal(maxMessagesPerCall);
            throw quota == null
                    ? CapabilityException.tooLarge(spent)
                    : CapabilityException.quotaReached(quota, spent);
        }
        String text = GuestText.escape(new String(message, 0, kept, StandardCharsets.UTF_8), kept);
        if (kept < message.length) {
            text += TRUNCATED;
        }
        // MDC is thread-bound: set it only around the one statement and restore what was there.
        String[] previous = {MDC.get(PLUGIN), MDC.get(FUNCTION), MDC.get(CALL_ID)};
        MDC.put(PLUGIN, context.pluginName());
        MDC.put(FUNCTION, context.functionName());
        MDC.put(CALL_ID, Long.toString(context.callId()));
        try {
            log(call.logger(), level, text);
        } finally {
            restore(PLUGIN, previous[0]);
            restore(FUNCTION, previous[1]);
            restore(CALL_ID, previous[2]);
        }
    }

    private static void log(Logger logger, int level, String text) {
        switch (level) {
            case 0:
                logger.trace("{}", text);
                break;
            case 1:
                logger.debug("{}", text);
                break;
            case 2:
                logger.info("{}", text);
                break;
            case 3:
                logger.warn("{}", text);
                break;
            default:
                logger.error("{}", text);
                break;
        }
    }

    private static void restore(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Builds a {@link LogCapability}. Not thread-safe; the capability it builds is. */
    public static final class Builder {
        private int maxMessagesPerCall = 1_000;

        private Builder() {}

        /** The messages one call may log; default 1,000, at least 1. */
        public Builder maxMessagesPerCall(int maxMessagesPerCall) {
            if (maxMessagesPerCall < 1) {
                throw new IllegalArgumentException(
                        "maxMessagesPerCall must be at least 1 but was " + maxMessagesPerCall);
            }
            this.maxMessagesPerCall = maxMessagesPerCall;
            return this;
        }

        /** Returns the capability. */
        public LogCapability build() {
            return new LogCapability(this);
        }
    }
}
