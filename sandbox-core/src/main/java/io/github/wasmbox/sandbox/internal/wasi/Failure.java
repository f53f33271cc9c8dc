/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

/**
 * A WASI function's error return, thrown from deep inside it to the dispatcher, which hands {@link
 * #errno} to the guest. Carries no stack trace: it is an answer, not a fault.
 */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    final int errno;

    Failure(int errno) {
        super(Errno.name(errno), null, false, false);
        this.errno = errno;
    }
}
