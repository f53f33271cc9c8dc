/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

/** A preopen grant that cannot be served safely; the loader turns it into a load failure. */
public final class PreopenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PreopenException(String message) {
        super(message);
    }

    PreopenException(String message, Throwable cause) {
        super(message, cause);
    }
}
