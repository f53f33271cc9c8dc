/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import org.jspecify.annotations.Nullable;

/**
 * Why a guest stopped abnormally, as classified by the engine layer. Thrown from engine and
 * host-function code, caught and turned into a public exception by {@link CallFailures}; it never
 * crosses the public API.
 */
public final class GuestFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of abnormal stop. */
    public enum Kind {
        TRAP,
        FUEL,
        MEMORY,
        /** The runtime's memory budget, shared by every plugin, refused the memory. */
        MEMORY_BUDGET,
        TABLE,
        STACK,
        OUTPUT,
        TIMEOUT,
        EXIT,
        HOST_ERROR,
        DENIED
    }

    private final Kind kind;
    private final long limit;
    private final long attempted;

    public GuestFault(Kind kind, String message, @Nullable Throwable cause) {
        this(kind, message, 0, 0, cause);
    }

    public GuestFault(
            Kind kind, String message, long limit, long attempted, @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.limit = limit;
        this.attempted = attempted;
    }

    public Kind kind() {
        return kind;
    }

    public long limit() {
        return limit;
    }

    public long attempted() {
        return attempted;
    }
}
