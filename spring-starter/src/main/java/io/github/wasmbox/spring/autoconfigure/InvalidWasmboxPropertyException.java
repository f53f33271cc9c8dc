/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

/**
 * A {@code wasmbox.*} property that is not part of the starter's configuration, or has an invalid
 * value, outside any one plugin. Thrown at start-up and reported by {@link WasmboxFailureAnalyzer}.
 * Immutable.
 */
public class InvalidWasmboxPropertyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String propertyKey;
    private final String action;

    public InvalidWasmboxPropertyException(
            String propertyKey, String message, String action, Throwable cause) {
        super(message, cause);
        this.propertyKey = propertyKey;
        this.action = action;
    }

    public InvalidWasmboxPropertyException(String propertyKey, String message, String action) {
        super(message);
        this.propertyKey = propertyKey;
        this.action = action;
    }

    /** The key at fault, such as {@code wasmbox.reload.intervall}. */
    public String propertyKey() {
        return propertyKey;
    }

    /** What to change. */
    public String action() {
        return action;
    }
}
