/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

/**
 * A {@link KeyValueStore} could not read or write its storage. The plugin receives {@code FAILED};
 * the cause stays on the host side.
 */
public final class KeyValueStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message for the operator and the storage's own exception. */
    public KeyValueStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
