/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import java.io.Serial;

/**
 * A module's bytes are malformed, exceed a configured bound, or use something the byte-level
 * tooling does not understand. The message names what is wrong and where (section, byte offset,
 * declared versus allowed value).
 */
public final class ModuleFormatException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    public ModuleFormatException(String message) {
        super(message);
    }

    /** Adds where the failure happened (for example the section) in front of its message. */
    static ModuleFormatException in(String where, ModuleFormatException e) {
        ModuleFormatException located = new ModuleFormatException(where + ": " + e.getMessage());
        located.setStackTrace(e.getStackTrace());
        return located;
    }
}
