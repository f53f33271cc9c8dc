/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

/** WASI preview 1 {@code filetype} values. Not instantiable. */
final class Filetype {
    static final int UNKNOWN = 0;
    static final int CHARACTER_DEVICE = 2;
    static final int DIRECTORY = 3;
    static final int REGULAR_FILE = 4;
    static final int SYMBOLIC_LINK = 7;

    private Filetype() {}
}
