/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import io.github.wasmbox.sandbox.spi.ErrorCode;
import java.util.Objects;

/**
 * An expected failure of a host function, returned to the guest as an ABI error code with this
 * exception's message as the pending result. Throw it from a {@link HostFunction} method for "not
 * found", "invalid argument", "too large" or "failed"; throw {@link #denied} when the policy does
 * not grant a target, so that the runtime records the denial (and traps when the policy asks for
 * it); throw {@link #quotaReached} when a write would pass a quota, so that the runtime raises the
 * quota-reached event.
 *
 * <p>The message reaches the untrusted guest: say what was wrong with its request, never
 * host-internal details. Any other exception a host function throws is unexpected: the guest traps
 * and the caller gets a {@link io.github.wasmbox.sandbox.HostFunctionException}.
 *
 * <p>Immutable. Built without a stack trace, because it is control flow, not a bug.
 */
public final class CapabilityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String target;
    private final String quota;

    private CapabilityException(ErrorCode code, String message, String target, String quota) {
        super(message, null, false, false);
        this.code = code;
        this.target = target;
        this.quota = quota;
    }

    /**
     * Returns an exception that reports {@code code} to the guest with {@code message}. For a
     * denial use {@link #denied} instead.
     *
     * @throws IllegalArgumentException if {@code code} is {@link ErrorCode#DENIED}
     */
    public static CapabilityException of(ErrorCode code, String message) {
        if (Objects.requireNonNull(code, "code") == ErrorCode.DENIED) {
            throw new IllegalArgumentException("use CapabilityException.denied(target)");
        }
        return new CapabilityException(code, Objects.requireNonNull(message, "message"), "", "");
    }

    /** {@link ErrorCode#NOT_FOUND} with {@code message}. */
    public static CapabilityException notFound(String message) {
        return of(ErrorCode.NOT_FOUND, message);
    }

    /** {@link ErrorCode#INVALID_ARGUMENT} with {@code message}. */
    public static CapabilityException invalidArgument(String message) {
        return of(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** {@link ErrorCode#FAILED} with {@code message}. */
    public static CapabilityException failed(String message) {
        return of(ErrorCode.FAILED, message);
    }

    /** {@link ErrorCode#TOO_LARGE} with {@code message}. */
    public static CapabilityException tooLarge(String message) {
        return of(ErrorCode.TOO_LARGE, message);
    }

    /**
     * The policy does not grant {@code target} (a namespace, a host, a key) of the function's
     * module. The binding reports it through {@link io.github.wasmbox.sandbox.spi.HostCall#denied},
     * which raises the denied event and returns {@link ErrorCode#DENIED}, or traps the guest under
     * {@code trap-on-denial}.
     */
    public static CapabilityException denied(String target) {
        Objects.requireNonNull(target, "target");
        return new CapabilityException(ErrorCode.DENIED, "denied: " + target, target, "");
    }

    /**
     * The write would pass {@code quota} (a setting name such as {@code max-entries}, never guest
     * text). The binding reports it through {@link
     * io.github.wasmbox.sandbox.spi.HostCall#quotaReached}, which raises the quota-reached event
     * and returns {@link ErrorCode#TOO_LARGE} with {@code message}; it never traps.
     */
    public static CapabilityException quotaReached(String quota, String message) {
        if (Objects.requireNonNull(quota, "quota").isEmpty()) {
            throw new IllegalArgumentException("quota must name the setting that was reached");
        }
        return new CapabilityException(
                ErrorCode.TOO_LARGE, Objects.requireNonNull(message, "message"), "", quota);
    }

    /** The code the guest receives. */
    public ErrorCode code() {
        return code;
    }

    /** What was denied, for {@link ErrorCode#DENIED}; otherwise empty. */
    public String target() {
        return target;
    }

    /** The quota that was reached, for {@link #quotaReached}; otherwise empty. */
    public String quota() {
        return quota;
    }
}
