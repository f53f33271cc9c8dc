/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import org.jspecify.annotations.Nullable;

/**
 * A plugin could not be pulled from, or pushed to, a registry, or was refused: the reference is
 * malformed or unpinned, the registry is unreachable or answered with an error, content does not
 * match its digest, a manifest has an unexpected media type or an oversized layer, or no trusted
 * signature was found where one is required. The message names the reference and what to change.
 * Nothing of a refused plugin reaches the runtime.
 */
public class OciException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OciException(String message) {
        super(message);
    }

    public OciException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
