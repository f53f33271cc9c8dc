/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

/** The negative error codes of ABI v1 that host functions return to the guest. */
public enum ErrorCode {
    /** The policy does not grant this target. */
    DENIED(-1),
    /** No such key or entry. */
    NOT_FOUND(-2),
    /** Malformed arguments. */
    INVALID_ARGUMENT(-3),
    /** The host could not do it. */
    FAILED(-4),
    /** The value exceeds a policy cap. */
    TOO_LARGE(-5);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The wire value, always negative. */
    public int code() {
        return code;
    }
}
