/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Locale;

/**
 * A WebAssembly proposal beyond the features that are always on (those of WebAssembly 2.0: bulk
 * memory, sign extension, multi-value, reference types, non-trapping float-to-int). A module that
 * uses a feature its policy does not enable fails to load.
 *
 * <p>Immutable and thread-safe.
 */
public enum WasmFeature {
    /** More than one linear memory. */
    MULTI_MEMORY,
    /** Shared memories and atomic instructions. */
    THREADS,
    /** 128-bit packed SIMD instructions. */
    SIMD,
    /** Garbage-collected structs and arrays. */
    GC,
    /** Exception handling ({@code try}/{@code throw}). */
    EXCEPTIONS,
    /** {@code return_call} instructions. */
    TAIL_CALLS,
    /** 64-bit memory indexes. */
    MEMORY64,
    /** Extended constant expressions. */
    EXTENDED_CONST;

    /** Returns the name used in policy files, such as {@code multi-memory}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
